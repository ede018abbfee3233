using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Ipmi;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: ipmi</c>: a BMC's IPMI 2.0 Serial-over-LAN console (our own RMCP+ client, see <c>Ipmi/README.md</c>).
/// Keys: <c>address</c> (required), <c>port</c> (623), <c>user</c>, <c>passwordEnv</c>/<c>passwordFile</c>
/// (required), <c>kgEnv</c>/<c>kgFile</c> (the BMC key of two-key logins, when the BMC has one),
/// <c>privilege</c> (user|operator|administrator), <c>cipherSuites</c> ([17, 3]),
/// <c>allowInsecure</c>, <c>allowEmptyUserName</c>, <c>activePolicy</c> (wait|steal|fail), <c>waitTimeout</c>,
/// <c>keepalive</c>, <c>requestTimeout</c>, <c>requestRetries</c>, <c>handshakeAttempts</c>,
/// <c>retransmitTimeout</c>, <c>retransmitLimit</c>, <c>sendTimeout</c> (how long <c>solwatch send</c> waits for the
/// BMC to take the input, default 5s).
/// </summary>
public sealed class IpmiConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "ipmi";

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context) =>
        SendTimeoutSetting.Around(console, () => ReadSettings(console, context));

    private static IpmiConsoleSettings? ReadSettings(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        string? address = console.Text("address", required: true);
        int port = console.Port("port") ?? 623;
        string user = console.Text("user") ?? "";
        SecretReference? password = SecretReference.Read(console, "password", required: true, context);
        SecretReference? kg = SecretReference.Read(console, "kg", required: false, context);
        IpmiPrivilege privilege = console.OneOf("privilege", "user", "operator", "administrator") is { } p
            ? Enum.Parse<IpmiPrivilege>(p, ignoreCase: true)
            : IpmiPrivilege.Administrator;
        bool allowInsecure = console.Bool("allowInsecure") ?? false;
        IReadOnlyList<int>? suites = ReadCipherSuites(console, allowInsecure);
        bool allowEmptyUserName = console.Bool("allowEmptyUserName") ?? false;
        SolActivePolicy policy = console.OneOf("activePolicy", "wait", "steal", "fail") is { } a
            ? Enum.Parse<SolActivePolicy>(a, ignoreCase: true)
            : SolActivePolicy.Wait;
        TimeSpan? waitTimeout = console.Duration("waitTimeout");
        TimeSpan? keepalive = console.Duration("keepalive");
        TimeSpan? requestTimeout = console.Duration("requestTimeout");
        int? requestRetries = console.Number("requestRetries", 0, 20);
        int? handshakeAttempts = console.Number("handshakeAttempts", 1, 20);
        TimeSpan? retransmitTimeout = console.Duration("retransmitTimeout");
        int? retransmitLimit = console.Number("retransmitLimit", 0, 100);
        if (address is null || password is null || suites is null)
        {
            return null;
        }
        var defaults = new IpmiSolOptions { Session = new IpmiSessionOptions { Host = address, UserName = user, Password = "" } };
        IpmiSessionOptions session = defaults.Session with
        {
            Port = port,
            Privilege = privilege,
            CipherSuites = suites,
            AllowInsecure = allowInsecure,
            AllowEmptyUserName = allowEmptyUserName,
            RequestTimeout = requestTimeout ?? defaults.Session.RequestTimeout,
            RequestRetries = requestRetries ?? defaults.Session.RequestRetries,
            HandshakeAttempts = handshakeAttempts ?? defaults.Session.HandshakeAttempts,
        };
        IpmiSolOptions options = defaults with
        {
            Session = session,
            WhenActive = policy,
            WaitTimeout = waitTimeout ?? defaults.WaitTimeout,
            Keepalive = keepalive ?? defaults.Keepalive,
            RetransmitTimeout = retransmitTimeout ?? defaults.RetransmitTimeout,
            RetransmitLimit = retransmitLimit ?? defaults.RetransmitLimit,
        };
        string key = keepalive is not null && (keepalive <= TimeSpan.Zero || keepalive > TimeSpan.FromSeconds(15)) ? "keepalive"
            : user.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(user) > 16 ? "user"
            : "address";
        try
        {
            // Checked here with an empty password so that a mistake is reported at load time, located at its key;
            // the real password is read only when the collector is created.
            options.Validate();
        }
        catch (ArgumentException e)
        {
            console.Error(key, e.Message);
            return null;
        }
        return new IpmiConsoleSettings(options, password) { Kg = kg };
    }

    private static IReadOnlyList<int>? ReadCipherSuites(YamlMap console, bool allowInsecure)
    {
        if (!console.Has("cipherSuites"))
        {
            console.Raw("cipherSuites");
            return CipherSuite.DefaultPreference;
        }
        IReadOnlyList<YamlNode> items = console.List("cipherSuites");
        var suites = new List<int>();
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = $"{console.KeyPath("cipherSuites")}[{i}]";
            if (items[i] is not YamlScalarNode { Value: { } text } || !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out int id))
            {
                console.Diagnostics.Error(items[i], itemPath, "must be a cipher suite number (17 or 3)");
                ok = false;
                continue;
            }
            CipherSuite? suite = CipherSuite.Supported.FirstOrDefault(s => s.Id == id);
            if (suite is null)
            {
                console.Diagnostics.Error(items[i], itemPath, $"cipher suite {id} is not supported by SolWatch; use 17 or 3");
                ok = false;
            }
            else if (!suite.IsSecure && !allowInsecure)
            {
                console.Diagnostics.Error(items[i], itemPath,
                    $"cipher suite {id} has no authentication, integrity or encryption (anyone who knows a user name can log in); use 17 or 3, or set allowInsecure: true for this console");
                ok = false;
            }
            else
            {
                suites.Add(id);
            }
        }
        if (ok && suites.Count == 0)
        {
            console.Error("cipherSuites", "must list at least one cipher suite (17 and/or 3)");
            ok = false;
        }
        return ok ? suites : null;
    }

    /// <summary>The validated options without the secrets, and where the secrets live.</summary>
    /// <param name="Options">Options with an empty password and no BMC key (never holding a secret).</param>
    /// <param name="Password">Read when the collector is created.</param>
    public sealed record IpmiConsoleSettings(IpmiSolOptions Options, SecretReference Password) : ConsoleSettings
    {
        /// <summary>Where the BMC key (Kg) lives, for a BMC with two-key login; null when it has none. Read when the collector is created.</summary>
        public SecretReference? Kg { get; init; }

        /// <inheritdoc />
        public override string Endpoint => $"ipmi {Options.Session.UserName}@{Options.Session.Endpoint}";

        /// <inheritdoc />
        public override IConsoleCollector CreateCollector(CollectorContext context)
        {
            string secret;
            try
            {
                secret = Password.Resolve();
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"IPMI console {Options.Session.Endpoint}: password ({Password}): {e.Message}", e);
            }
            byte[]? kg = null;
            if (Kg is not null)
            {
                try
                {
                    kg = BmcKey.Parse(Kg.Resolve());
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    throw new InvalidOperationException($"IPMI console {Options.Session.Endpoint}: BMC key ({Kg}): {e.Message}", e);
                }
            }
            return new IpmiSolCollector(Options with { Session = Options.Session with { Password = secret, BmcKey = kg } });
        }
    }
}
