<#
  Registers (default) or removes (-Uninstall) Tabula's scheduled tasks: \Tabula\Agent (the agent
  as SYSTEM from boot), \Tabula\Logoff (wipe after logoff) and \Tabula\App (the app in every
  user's session at logon, started again within a minute if a patron kills it). Idempotent (-Force replaces).
  Run elevated, e.g. from the installer: powershell -ExecutionPolicy Bypass -File install-tasks.ps1
#>
param([switch]$Uninstall)

$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$tasks = @(
  @{ Name = 'Agent'; Xml = 'tabula-agent-task.xml' },
  @{ Name = 'Logoff'; Xml = 'tabula-logoff-task.xml' },
  @{ Name = 'App'; Xml = 'tabula-app-task.xml' }
)

foreach ($task in $tasks) {
  $existing = Get-ScheduledTask -TaskPath '\Tabula\' -TaskName $task.Name -ErrorAction SilentlyContinue
  if ($Uninstall) {
    if ($existing) {
      Stop-ScheduledTask -TaskPath '\Tabula\' -TaskName $task.Name -ErrorAction SilentlyContinue
      Unregister-ScheduledTask -TaskPath '\Tabula\' -TaskName $task.Name -Confirm:$false
    }
    continue
  }
  $xml = Get-Content -Raw -Encoding UTF8 (Join-Path $here $task.Xml)
  Register-ScheduledTask -TaskPath '\Tabula\' -TaskName $task.Name -Xml $xml -Force | Out-Null
}

if (-not $Uninstall) {
  # The agent task starts at boot; start it now too so no reboot is needed after install.
  Start-ScheduledTask -TaskPath '\Tabula\' -TaskName 'Agent'
}
