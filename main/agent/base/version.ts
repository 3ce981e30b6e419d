/** Tabula's version: `tabula --version`, the agent's status and every report and enrollment (the same as package.json). */
export const VERSION = '0.1.0';
