/**
 * Stores of the patron's secrets outside the browsers: desktop keyrings (GNOME Keyring,
 * KWallet), the macOS login keychain (Safari's and other apps' saved passwords live there), SSH
 * and GnuPG keys, Git and netrc credentials, the NSS certificate database of Chromium on Linux,
 * and on Windows the Credential Manager (Credentials, Vault), the DPAPI master keys (`Protect`),
 * the Web Account Manager token caches (TokenBroker, AAD broker plug-in) and Microsoft 365
 * sign-in caches (OneAuth, IdentityCache). Removing them signs the patron out everywhere; the
 * next sign-in creates them anew.
 */
import type { CatalogEntry } from '../schema.js';
import { at } from '../location.js';

export const credentials: CatalogEntry = {
  id: 'credentials',
  name: 'Keyrings, keychains and saved sign-ins',
  kind: 'os',
  processNames: {},
  areas: [
    {
      roots: {
        linux: [
          at('xdgData', 'keyrings'), // GNOME Keyring: login.keyring, user.keystore
          at('xdgData', 'kwalletd'), // KWallet 5/6: kdewallet.kwl, kdewallet.salt
          at('home', '.kde', 'share', 'apps', 'kwallet'),
          at('home', '.kde4', 'share', 'apps', 'kwallet'),
          at('home', '.ssh'),
          at('home', '.gnupg'),
          at('home', '.password-store'),
          at('home', '.git-credentials'),
          at('home', '.netrc'),
          at('home', '.pki', 'nssdb'),
        ],
        darwin: [
          at('library', 'Keychains'), // login.keychain-db and the per-device metadata folder
          at('home', '.ssh'),
          at('home', '.gnupg'),
          at('home', '.git-credentials'),
          at('home', '.netrc'),
        ],
        win32: [
          at('appData', 'Microsoft', 'Credentials'),
          at('localAppData', 'Microsoft', 'Credentials'),
          at('appData', 'Microsoft', 'Vault'),
          at('localAppData', 'Microsoft', 'Vault'),
          at('appData', 'Microsoft', 'Protect'),
          at('localAppData', 'Microsoft', 'TokenBroker'),
          at('localAppData', 'Packages', 'Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy'),
          at('localAppData', 'Microsoft', 'OneAuth'),
          at('localAppData', 'Microsoft', 'IdentityCache'),
          at('home', '.ssh'),
          at('home', '.git-credentials'),
        ],
      },
      rules: [],
      keep: [],
      residual: 'credentials',
    },
  ],
};
