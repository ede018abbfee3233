using System.CommandLine;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Cli.Power;

/// <summary>
/// How <c>solwatch power ACTION --host BMC</c> reaches and logs in to a BMC. The password and the BMC key (Kg) are read
/// from an environment variable or a file only its owner can read, never from the command line.
/// </summary>
internal sealed class BmcOptions
{
    public Option<string?> Host { get; } = new("--host", "-H") { Description = "BMC host name or address (without it, the first argument is a console of the daemon)" };

    public Option<int> Port { get; } = new("--port", "-p") { Description = "BMC UDP port", DefaultValueFactory = _ => 623 };

    public Option<string?> User { get; } = new("--user", "-U") { Description = "BMC user name (with --host)" };

    public Option<string?> PasswordEnv { get; } = new("--password-env") { Description = "name of the environment variable holding the password" };

    public Option<string?> PasswordFile { get; } = new("--password-file") { Description = "file holding the password (first line; chmod 600)" };

    public Option<string?> KgEnv { get; } = new("--kg-env") { Description = "name of the environment variable holding the BMC key Kg (text, or hex as 0x...), for BMCs with two-key login" };

    public Option<string?> KgFile { get; } = new("--kg-file") { Description = "file holding the BMC key Kg (first line: text, or hex as 0x...; chmod 600)" };

    public Option<int[]> Cipher { get; } = new("--cipher", "-C")
    {
        Description = "cipher suites to try, in order",
        DefaultValueFactory = _ => [.. CipherSuite.DefaultPreference],
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> AllowInsecure { get; } = new("--allow-insecure") { Description = "allow cipher suites without authentication/integrity/encryption (suite 0)" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Host, Port, User, PasswordEnv, PasswordFile, KgEnv, KgFile, Cipher, AllowInsecure })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The session options for <paramref name="host"/>; throws <see cref="CliException"/> naming the flag that is wrong.</summary>
    public IpmiSessionOptions Session(ParseResult parse, string host)
    {
        string user = parse.GetValue(User) ?? throw new CliException("--host: give the BMC user with --user (-U)");
        string password = Secret(parse.GetValue(PasswordEnv), parse.GetValue(PasswordFile), "--password-env", "--password-file")
            ?? throw new CliException("give the BMC password with --password-env VAR or --password-file FILE");
        byte[]? kg = null;
        if (Secret(parse.GetValue(KgEnv), parse.GetValue(KgFile), "--kg-env", "--kg-file") is { } key)
        {
            try
            {
                kg = BmcKey.Parse(key);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"the BMC key (Kg): {e.Message}");
            }
        }
        return new IpmiSessionOptions
        {
            Host = host,
            Port = parse.GetValue(Port),
            UserName = user,
            Password = password,
            BmcKey = kg,
            Privilege = IpmiPrivilege.Administrator,
            CipherSuites = parse.GetValue(Cipher) ?? [.. CipherSuite.DefaultPreference],
            AllowInsecure = parse.GetValue(AllowInsecure),
        };
    }

    private static string? Secret(string? env, string? file, string envFlag, string fileFlag)
    {
        if (env is { Length: > 0 } && file is { Length: > 0 })
        {
            throw new CliException($"give either {envFlag} or {fileFlag}, not both");
        }
        if (env is { Length: > 0 })
        {
            return Environment.GetEnvironmentVariable(env) ?? throw new CliException($"{envFlag} {env}: the environment variable is not set");
        }
        if (file is not { Length: > 0 })
        {
            return null;
        }
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                throw new CliException($"{fileFlag} {file} can be read by group or others; run: chmod 600 {file}");
            }
            return File.ReadLines(file).FirstOrDefault() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{fileFlag} {file}: {e.Message}");
        }
    }
}
