<#
  Tabula installer step (NSIS /CONFIG= /TOKEN=, MSI properties CONFIG and TOKEN): puts the IT
  configuration at %ProgramData%\Tabula\config.json and the one-time dashboard enrollment token at
  %ProgramData%\Tabula\enroll-token, both readable by SYSTEM and Administrators only. Both are optional; an empty value is skipped.
  Run elevated. Exit codes: 0 done, 2 bad config path, 3 bad token.
#>
param([string]$Config = '', [string]$Token = '')

$ErrorActionPreference = 'Stop'
$dir = Join-Path $env:ProgramData 'Tabula'
New-Item -ItemType Directory -Force -Path $dir | Out-Null
# SYSTEM and Administrators: full control; Users: read (the app reads notice.json here). Files
# that must stay private (config.json, enroll-token) get their own ACL below.
& icacls.exe $dir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-32-545:(OI)(CI)RX' | Out-Null

if ($Config -ne '') {
  if (-not (Test-Path -LiteralPath $Config -PathType Leaf)) { Write-Error 'Tabula: /CONFIG file not found'; exit 2 }
  $target = Join-Path $dir 'config.json'
  # SYSTEM and Administrators only: it may hold the staff PIN's hash, with which a patron could
  # guess the PIN offline. The ACL is set on the (empty) file first, then the content goes in.
  if (-not (Test-Path -LiteralPath $target)) { New-Item -ItemType File -Path $target | Out-Null }
  & icacls.exe $target /inheritance:r /grant:r '*S-1-5-18:F' '*S-1-5-32-544:F' | Out-Null
  if ($LASTEXITCODE -ne 0) { Write-Error 'Tabula: could not restrict config.json'; exit 2 }
  Set-Content -LiteralPath $target -Value (Get-Content -LiteralPath $Config -Raw) -Encoding utf8 -NoNewline
}

if ($Token -ne '') {
  if ($Token -notmatch '^tbe_[A-Za-z0-9_-]{43}$') { Write-Error 'Tabula: /TOKEN is not an enrollment token (tbe_...)'; exit 3 }
  $file = Join-Path $dir 'enroll-token'
  # Only SYSTEM and Administrators may read the token: the empty file gets its ACL first (not the
  # folder's inherited Users: read), then the token is written into it. The agent redeems and deletes it.
  New-Item -ItemType File -Force -Path $file | Out-Null
  & icacls.exe $file /inheritance:r /grant:r '*S-1-5-18:F' '*S-1-5-32-544:F' | Out-Null
  if ($LASTEXITCODE -ne 0) { Remove-Item -LiteralPath $file -Force; Write-Error 'Tabula: could not restrict the token file'; exit 3 }
  Set-Content -LiteralPath $file -Value $Token -Encoding ascii -NoNewline
}
exit 0
