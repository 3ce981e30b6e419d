/**
 * What a Chromium-family "User Data" folder holds, by category. Shared by Chrome, Chromium,
 * Edge, Brave, Opera and Vivaldi. Names come from the Chromium source (chrome_constants.cc,
 * content/ and services/network/ storage paths) and from real profiles; `-journal`/`-wal`
 * companions are covered by a trailing `*`.
 *
 * Anything not listed is still deleted in clean mode, as the area's residual (`site-data`):
 * new web-platform storage appears every few Chrome releases and is nearly always site data.
 * Categories are chosen by what the data reveals about the patron:
 * - history: which sites were visited (history, icons, HSTS/alt-svc host lists, bounce and
 *   topics records, bookmarks — the catalogue has no bookmarks category);
 * - sessions: what was open (tabs, windows) and the running browser's state (Local State with
 *   the profile list and signed-in account names, crash dumps holding page memory);
 * - site-data: what sites stored (web storage, service workers, permissions in Preferences).
 */
import type { Rule } from '../schema.js';
import { rules } from '../location.js';

/** Profile folders inside User Data (Opera instead uses the root itself, see opera.ts). */
export const CHROMIUM_PROFILE_DIRS = ['Default', 'Profile *', 'Guest Profile', 'System Profile'];

/**
 * Network-service files. On Windows (and lately elsewhere) they live in `<profile>/Network/`;
 * older profiles and Linux builds keep them in the profile folder itself: both are listed.
 */
const NETWORK_FILES: Rule[] = [
  ...rules('cookies', 'Cookies*', 'Device Bound Sessions*'),
  // Host lists of visited sites: HSTS pins, alt-svc / QUIC server properties, CT audit queue.
  ...rules('history', 'TransportSecurity*', 'Network Persistent State*', 'SCT Auditing Pending Reports*'),
  ...rules('site-data', 'Reporting and NEL*', 'Trust Tokens*'),
];

export const CHROMIUM_PROFILE_RULES: Rule[] = [
  ...NETWORK_FILES,
  ...NETWORK_FILES.map((r) => ({ ...r, match: `Network/${r.match}` })),
  ...rules('cookies', 'Extension Cookies*', 'Safe Browsing Cookies*', 'Safe Browsing Network'),
  ...rules(
    'history',
    'History*', // History, History-journal, History Provider Cache
    'Archived History*',
    'Media History*',
    'Top Sites*',
    'Visited Links',
    'Favicons*',
    'Thumbnails',
    'Shortcuts*',
    'Network Action Predictor*',
    'Bookmark*', // Bookmarks, .bak, BookmarkMergedSurfaceOrdering
    'Collections', // Edge collections: saved pages
    'DIPS*', // bounce-tracking mitigation: sites with and without user interaction
    'BrowsingTopics*', // topics computed from the browsing history
    'Site Characteristics Database',
    'segmentation_platform',
    'Segmentation Platform',
    'heavy_ad_intervention_opt_out.db*',
    'previews_opt_out.db*',
    // Shopping features: carts, coupons, parcels and price tracking of sites visited.
    'chrome_cart_db',
    'commerce_subscription_db',
    'coupon_db',
    'discount_infos_db',
    'discounts_db',
    'parcel_tracking_db',
  ),
  ...rules(
    'cache',
    'Cache',
    'Code Cache',
    'GPUCache',
    'DawnCache',
    'DawnGraphiteCache',
    'DawnWebGPUCache',
    'GrShaderCache',
    'GraphiteDawnCache',
    'ShaderCache',
    'Application Cache',
    'Media Cache',
    'Shared Dictionary',
    'optimization_guide*',
    'Search Logos',
    'VideoDecodeStats',
  ),
  ...rules(
    'sessions',
    'Sessions*', // Sessions/ (Session_*, Tabs_*), Sessions_Encrypted
    'Current Session',
    'Current Tabs',
    'Last Session',
    'Last Tabs',
  ),
  ...rules(
    'passwords',
    'Login Data*', // Login Data, Login Data For Account, their journals
    'Affiliation Database*',
    'ClientCertificates',
    'trusted_vault.pb',
    'Accounts',
    'Sync Data',
  ), // the signed-in account's synced data (passwords, history, tabs) and its keys
  ...rules(
    'form-data',
    'Web Data*',
    'Account Web Data*', // autofill entries, addresses, cards, search engines, tokens
    'AutofillStrikeDatabase',
    'AutofillAiModelCache',
    'Custom Dictionary.txt*',
  ),
  ...rules('downloads-history', 'DownloadMetadata', 'Download Service'),
  ...rules(
    'site-data',
    'IndexedDB',
    'Local Storage',
    'Session Storage',
    'Service Worker',
    'File System',
    'databases',
    'blob_storage',
    'shared_proto_db',
    'Storage',
    'WebStorage',
    'QuotaManager*',
    'SharedStorage*',
    'InterestGroups*',
    'PrivateAggregation*',
    'Aggregation Service*',
    'Conversions*',
    'Attribution Reporting*',
    'First Party Sets*',
    'MediaDeviceSalts*',
    'CdmStorage*',
    'Pepper Data',
    'Platform Notifications',
    'GCM Store',
    'BudgetDatabase',
    'PersistentOriginTrials',
    'ServerCertificate*',
    'Web Applications',
    'Manifest Resources',
    'Extensions',
    'Extension Rules',
    'Extension Scripts',
    'Extension State',
    'Local Extension Settings',
    'Sync Extension Settings',
    'Managed Extension Settings',
    'Local App Settings',
    'Sync App Settings',
    // Per-site permissions, zoom levels and engagement scores, plus the patron's own settings.
    'Preferences*',
    'Secure Preferences*',
  ),
];

/** Components the browser downloads by itself: no patron data, fetched again after a wipe. */
const COMPONENT_DIRS = [
  'ActorSafetyLists',
  'AmountExtractionHeuristicRegexes',
  'AutofillStates',
  'CaptchaProviders',
  'CertificateRevocation',
  'ClientSidePhishing',
  'CookieReadinessList',
  'Crowd Deny',
  'Dictionaries',
  'FileTypePolicies',
  'FirstPartySetsPreloaded',
  'Floc',
  'hyphen-data',
  'MediaFoundationWidevineCdm',
  'MEIPreload',
  'OnDeviceHeadSuggestModel',
  'OpenCookieDatabase',
  'optimization_guide_model_store',
  'OptimizationGuideModelsManifest',
  'OptimizationHints',
  'OriginTrials',
  'PKIMetadata',
  'pnacl',
  'PrivacySandboxAttestationsPreloaded',
  'ProbabilisticRevealTokenRegistry',
  'RecoveryImproved',
  'SafetyTips',
  'screen_ai',
  'SODA',
  'SODALanguagePacks',
  'SSLErrorAssistant',
  'Subresource Filter',
  'TpcdMetadata',
  'TrustTokenKeyCommitments',
  'WasmTtsEngine',
  'WidevineCdm',
  'ZxcvbnData',
];

/** Entries of the User Data folder itself, outside the profiles. */
export const CHROMIUM_ROOT_RULES: Rule[] = [
  // Local State lists the profiles with their names and signed-in accounts, and which were open.
  ...rules(
    'sessions',
    'Local State*',
    'Singleton*',
    'Crashpad',
    'Crash Reports',
    'CrashpadMetrics*',
    'BrowserMetrics*',
    'DeferredBrowserMetrics',
  ),
  ...rules('history', 'segmentation_platform'), // ukm_db: URLs of visited pages
  ...rules(
    'cache',
    'Safe Browsing',
    'ShaderCache',
    'GrShaderCache',
    'GraphiteDawnCache',
    'GPUPersistentCache',
    'component_crx_cache',
    'extensions_crx_cache',
    'Webstore Downloads',
    'Module Info Cache',
    'Variations',
    ...COMPONENT_DIRS,
  ),
];

/**
 * What survives clean mode, matched at the root and in profiles. Only files without patron
 * data whose loss would make the next start worse:
 * - `First Run`: empty sentinel; without it every patron gets the first-run welcome pages.
 * - `Last Version`, `Last Browser`: the browser's own version string and executable path.
 * - `Policy/Enrollment`, `Policy/Machine Level User Cloud Policy*`: IT's Chrome Browser Cloud
 *   Management enrolment (DM token) and the machine policy cache. Losing them would un-manage
 *   the browser until IT re-enrols. A profile's own `Policy/User Policy` (the patron's signed-in
 *   account policy) is not kept.
 * `Local State` and `Preferences` are not kept: both hold patron data (see above).
 */
export const CHROMIUM_KEEP = ['First Run', 'Last Version', 'Last Browser', 'Policy/Enrollment', 'Policy/Machine Level User Cloud Policy*'];
