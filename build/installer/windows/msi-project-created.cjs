/*
 * electron-builder "msiProjectCreated" hook: adds Tabula's install/uninstall actions to the WiX
 * project of the MSI target, for GPO / Intune deployment:
 *   msiexec /i Tabula-x.y.z.msi /qn CONFIG="C:\path\config.json" TOKEN="tbe_..."
 * CONFIG and TOKEN are public, secure properties (passed from the client to the elevated server
 * side); TOKEN is Hidden so it is not written to the MSI log. After InstallFiles a deferred,
 * elevated, non-impersonated custom action runs apply-settings.ps1 and install-tasks.ps1; before
 * RemoveFiles on uninstall, install-tasks.ps1 -Uninstall.
 */
'use strict';
/* global require, module */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- electron-builder loads this hook as CommonJS
const fs = require('node:fs/promises');

const PS = '[System64Folder]WindowsPowerShell\\v1.0\\powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command';
const RES = '[APPLICATIONFOLDER]resources\\build';

const FRAGMENT = `
    <Property Id="CONFIG" Secure="yes"/>
    <Property Id="TOKEN" Secure="yes" Hidden="yes"/>
    <SetProperty Id="TabulaInstall" Before="TabulaInstall" Sequence="execute"
      Value="${PS} &quot;&amp; '${RES}\\installer\\apply-settings.ps1' -Config '[CONFIG]' -Token '[TOKEN]'; if ($LASTEXITCODE) { exit $LASTEXITCODE }; &amp; '${RES}\\windows\\install-tasks.ps1'&quot;"/>
    <CustomAction Id="TabulaInstall" BinaryKey="WixCA" DllEntry="WixQuietExec64" Execute="deferred" Impersonate="no" Return="check" HideTarget="yes"/>
    <SetProperty Id="TabulaUninstall" Before="TabulaUninstall" Sequence="execute"
      Value="${PS} &quot;&amp; '${RES}\\windows\\install-tasks.ps1' -Uninstall&quot;"/>
    <CustomAction Id="TabulaUninstall" BinaryKey="WixCA" DllEntry="WixQuietExec64" Execute="deferred" Impersonate="no" Return="ignore"/>
    <InstallExecuteSequence>
      <Custom Action="TabulaInstall" After="InstallFiles">NOT REMOVE</Custom>
      <Custom Action="TabulaUninstall" Before="RemoveFiles">REMOVE="ALL" AND NOT UPGRADINGPRODUCTCODE</Custom>
    </InstallExecuteSequence>
`;

/** Inserts the fragment before </Product>; idempotent. */
function patchWxs(xml) {
  if (xml.includes('Id="TabulaInstall"')) return xml;
  const at = xml.lastIndexOf('</Product>');
  if (at < 0) throw new Error('msi-project-created: no </Product> in the WiX project');
  return xml.slice(0, at) + FRAGMENT + '  ' + xml.slice(at);
}

async function msiProjectCreated(projectFile) {
  const xml = await fs.readFile(projectFile, 'utf8');
  await fs.writeFile(projectFile, patchWxs(xml));
}

module.exports = msiProjectCreated;
module.exports.default = msiProjectCreated;
module.exports.patchWxs = patchWxs;
