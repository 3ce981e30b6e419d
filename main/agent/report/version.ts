/** The agent version sent in reports and enrollment (the same as `tabula --version`). */
export { VERSION as AGENT_VERSION } from '../cli/help.js';
