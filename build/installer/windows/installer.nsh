; Tabula: electron-builder NSIS include (build/electron-builder.json "nsis.include").
;
; Silent, per-machine install for IT:
;   Tabula-Setup-x.y.z.exe /S [/CONFIG=C:\path\config.json] [/TOKEN=tbe_...]
; /CONFIG copies the file to %ProgramData%\Tabula\config.json (SYSTEM and Administrators
; only: it may hold the staff PIN's hash); /TOKEN writes the one-time dashboard enrollment token to
; %ProgramData%\Tabula\enroll-token (SYSTEM and Administrators only), for the agent to redeem.
; Then the agent and logoff scheduled tasks are registered (build/windows/install-tasks.ps1);
; uninstall removes them first, while their files are still there. A failure makes the installer
; exit non-zero (silent installs included) so deployment tools see it.

!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define TABULA_PS '"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File'

!ifndef BUILD_UNINSTALLER
Var TabulaConfig
Var TabulaToken

!macro customInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/CONFIG=" $TabulaConfig
  ${If} ${Errors}
    StrCpy $TabulaConfig ""
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/TOKEN=" $TabulaToken
  ${If} ${Errors}
    StrCpy $TabulaToken ""
  ${EndIf}
  ClearErrors
  ${If} $TabulaConfig != ""
  ${AndIfNot} ${FileExists} "$TabulaConfig"
    MessageBox MB_ICONSTOP "Tabula: the configuration file given with /CONFIG= does not exist." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
!macroend

!macro customInstall
  DetailPrint "Tabula: applying the configuration and the enrollment token"
  nsExec::ExecToLog '${TABULA_PS} "$INSTDIR\resources\build\installer\apply-settings.ps1" -Config "$TabulaConfig" -Token "$TabulaToken"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Tabula: apply-settings.ps1 failed ($0)"
    MessageBox MB_ICONSTOP "Tabula could not apply the configuration (code $0)." /SD IDOK
    SetErrorLevel 3
  ${EndIf}
  DetailPrint "Tabula: registering the agent and logoff tasks"
  nsExec::ExecToLog '${TABULA_PS} "$INSTDIR\resources\build\windows\install-tasks.ps1"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Tabula: install-tasks.ps1 failed ($0)"
    MessageBox MB_ICONSTOP "Tabula could not register its agent (code $0): this computer is NOT being wiped." /SD IDOK
    SetErrorLevel 4
  ${EndIf}
!macroend
!endif

!macro customUnInstall
  DetailPrint "Tabula: removing the agent and logoff tasks"
  nsExec::ExecToLog '${TABULA_PS} "$INSTDIR\resources\build\windows\install-tasks.ps1" -Uninstall'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Tabula: install-tasks.ps1 -Uninstall failed ($0)"
  ${EndIf}
!macroend
