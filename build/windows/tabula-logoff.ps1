<#
  Run by the \Tabula\Logoff task (tabula-logoff-task.xml) as SYSTEM after a user's logoff.
  Resolves the SID from the event to the account name and tells Tabula the session ended.
  Prints nothing about the account: names are patron data. Always exits 0.
#>
param([Parameter(Mandatory = $true)][string]$Sid)

$ErrorActionPreference = 'Stop'
# Well-known service and system accounts are never patrons.
if ($Sid -notmatch '^S-1-5-21-[0-9-]+$') { exit 0 }
try {
  $account = (New-Object System.Security.Principal.SecurityIdentifier($Sid)).Translate([System.Security.Principal.NTAccount]).Value
} catch { exit 0 }
$name = $account.Split('\')[-1]
if ([string]::IsNullOrWhiteSpace($name) -or $name.StartsWith('-')) { exit 0 }

$exe = Join-Path $env:ProgramFiles 'Tabula\Tabula.exe'
$cli = Join-Path $env:ProgramFiles 'Tabula\resources\app.asar.unpacked\dist\main\cli.js'
$env:ELECTRON_RUN_AS_NODE = '1'
try { & $exe $cli session end --account $name *> $null } catch { }
exit 0
