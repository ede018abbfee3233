using System.Runtime.Versioning;

// SolWatch runs on Linux; these tests use file modes, tmpfs mounts and SIGKILL.
[assembly: SupportedOSPlatform("linux")]
