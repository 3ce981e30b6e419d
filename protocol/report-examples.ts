/** Valid example batches: they go into report.schema.json `examples` and into the tests. */
import type { ReportBatchT } from './report.js';

export const REPORT_BATCH_EXAMPLES: ReportBatchT[] = [
  {
    v: 1,
    deviceId: 'dev_3f9c2a7be1d04c5f8a6b9e0d1c2f3a4b',
    siteId: 'central',
    agentVersion: '0.1.0',
    configHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    pcLabel: 'central-pc-07',
    reports: [
      {
        key: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
        hour: '2025-03-01T14:00:00Z',
        trigger: 'logout',
        outcome: 'clean',
        wipes: 3,
        categories: {
          history: { items: 6, bytes: 393216 },
          cookies: { items: 3, bytes: 61440 },
          cache: { items: 1840, bytes: 52428800 },
          downloads: { items: 2, bytes: 1048576 },
        },
        safeMs: { le250: 2, le500: 1 },
        doneMs: { le1000: 1, le2500: 2 },
        failures: [],
      },
      {
        key: '6fa459ea-ee8a-4ca4-894e-db77e160355e',
        hour: '2025-03-01T15:00:00Z',
        trigger: 'idle',
        outcome: 'partial',
        wipes: 1,
        categories: { history: { items: 2, bytes: 131072 }, temp: { items: 14, bytes: 20480 } },
        safeMs: { le500: 1 },
        doneMs: { le5000: 1 },
        failures: [{ category: 'temp', code: 'E_BUSY', count: 1 }],
      },
    ],
  },
];
