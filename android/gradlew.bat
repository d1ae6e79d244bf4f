@rem Gradle wrapper start script (Windows). Runs the Gradle version in
@rem gradle\wrapper\gradle-wrapper.properties, downloading it on first use.
@rem The wrapper jar is not in the repository: run once "gradle wrapper --gradle-version 8.14.3".
@if "%DEBUG%"=="" @echo off
setlocal
set APP_HOME=%~dp0
set CLASSPATH=%APP_HOME%gradle\wrapper\gradle-wrapper.jar
if not exist "%CLASSPATH%" (
  echo gradlew: %CLASSPATH% is missing. Run once with Gradle installed: gradle wrapper --gradle-version 8.14.3 1>&2
  exit /b 1
)
set JAVA_EXE=java.exe
if defined JAVA_HOME set JAVA_EXE=%JAVA_HOME%\bin\java.exe
"%JAVA_EXE%" %DEFAULT_JVM_OPTS% %JAVA_OPTS% %GRADLE_OPTS% "-Dorg.gradle.appname=gradlew" -classpath "%CLASSPATH%" org.gradle.wrapper.GradleWrapperMain %*
exit /b %ERRORLEVEL%
