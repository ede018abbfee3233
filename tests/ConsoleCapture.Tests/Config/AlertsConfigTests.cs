using System.Net;
using SolWatch.ConsoleCapture.Config;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Tests.Config;

public sealed class AlertsConfigTests
{
    private static SolwatchConfig Parse(string sections) => new ConfigLoader().Parse($"""
        {sections}
        consoles:
          - name: demo
            type: replay
            resource: demo
        """, "solwatch.yaml", Path.GetTempPath()).Config;

    private static string[] Errors(string sections) =>
        [.. Assert.Throws<ConfigException>(() => Parse(sections)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Without_alerts_or_metrics_there_are_no_rules_and_metrics_are_on_the_api_listener()
    {
        SolwatchConfig config = Parse("api:\n  port: 0");

        Assert.Empty(config.Alerts.Rules);
        Assert.Equal(new MetricsConfig(true, null), config.Metrics);
    }

    [Fact]
    public void Every_destination_type_and_trigger_is_read_with_its_settings()
    {
        SolwatchConfig config = Parse("""
            alerts:
              destinations:
                - name: hook
                  type: webhook
                  url: https://hooks.example.net/solwatch
                  retries: 3
                  backoff: 1s
                  timeout: 5s
                - name: chat
                  type: slack
                  urlEnv: PATH
                - name: am
                  type: alertmanager
                  url: http://127.0.0.1:9093
                - name: mail
                  type: email
                  host: smtp.example.net
                  security: tls
                  from: solwatch@example.net
                  to: [oncall@example.net]
              rules:
                - name: new-panics
                  on: incident
                  kinds: [panic, hung-task]
                  panickedOnly: true
                  newFingerprintOnly: true
                  consoles: ["web-*", "db-?"]
                  send: [hook, chat]
                  dedupeWindow: 30m
                  rateLimit:
                    burst: 5
                    every: 10m
                - name: lost-dumps
                  on: kdump-failed
                  send: [am, mail]
                - name: down
                  on: console-down
                  downFor: 5m
                  send: [am]
            metrics:
              listen: 0.0.0.0:9410
            """);

        Assert.Equal(["webhook", "slack", "alertmanager", "email"], config.Alerts.Destinations.Select(d => d.Type).ToArray());
        var hook = Assert.IsType<WebhookDestinationConfig>(config.Alerts.Destinations[0]);
        Assert.Equal((3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), (hook.Retries, hook.Backoff, hook.Timeout));
        var mail = Assert.IsType<EmailDestinationConfig>(config.Alerts.Destinations[3]);
        Assert.Equal((SmtpSecurity.Tls, 465), (mail.Security, mail.Port));
        AlertRuleConfig panics = config.Alerts.Rules[0];
        Assert.Equal([CrashKind.Panic, CrashKind.HungTask], panics.Kinds.AsEnumerable());
        Assert.Equal((true, true, 5, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)),
            (panics.PanickedOnly, panics.NewFingerprintOnly, panics.Burst, panics.Every, panics.DedupeWindow));
        Assert.Equal([AlertTrigger.Incident, AlertTrigger.KdumpFailed, AlertTrigger.ConsoleDown], config.Alerts.Rules.Select(r => r.On));
        Assert.Equal(TimeSpan.FromMinutes(5), config.Alerts.Rules[2].DownFor);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 9410), config.Metrics.Listen);
    }

    [Fact]
    public void Mistakes_in_destinations_are_located_errors_each_saying_what_to_write()
    {
        string[] errors = Errors("""
            alerts:
              destinations:
                - name: hook
                  type: webhok
                - name: hook2
                  type: webhook
                  url: ftp://example.net/x
                - name: chat
                  type: slack
                  url: https://hooks.slack.com/services/T/B/secret
                - name: mail
                  type: email
                  host: smtp.example.net
                  from: not-an-address
                  to: []
                  retries: -1
            """);

        Assert.Equal(
            [
                "solwatch.yaml:4:13: alerts.destinations[0].type: webhok is not one of: webhook, slack, alertmanager, email; did you mean webhook?",
                "solwatch.yaml:7:12: alerts.destinations[1].url: ftp://example.net/x is not an http:// or https:// URL",
                "solwatch.yaml:8:7: alerts.destinations[2].urlEnv: is required (or urlFile)",
                "solwatch.yaml:10:12: alerts.destinations[2].url: secrets are not allowed in the configuration file; use urlEnv (an environment variable) or urlFile (a file only its owner can read)",
                "solwatch.yaml:14:13: alerts.destinations[3].from: not-an-address is not a mail address",
                "solwatch.yaml:15:11: alerts.destinations[3].to: is required: a list of mail addresses",
                "solwatch.yaml:16:16: alerts.destinations[3].retries: -1 is not a number of retries (0-100)",
            ],
            errors);
    }

    [Fact]
    public void Mistakes_in_rules_are_located_errors_naming_the_known_values()
    {
        string[] errors = Errors("""
            alerts:
              destinations:
                - name: hook
                  type: webhook
                  url: http://127.0.0.1:9000/
              rules:
                - name: a
                  on: incidnet
                  send: [hook]
                - name: b
                  on: incident
                  send: [hok]
                  kinds: [panik]
                - name: c
                  on: console-down
                  send: [hook]
                - name: d
                  on: hardware-events
                  send: [hook]
                  per: week
                - name: e
                  on: kdump-failed
                  send: [hook]
                  downFor: 5m
            """);

        Assert.Equal(
            [
                "solwatch.yaml:8:11: alerts.rules[0].on: incidnet is not one of: incident, kdump-failed, console-down, hardware-events; did you mean incident?",
                "solwatch.yaml:12:13: alerts.rules[1].send: hok is not a destination in alerts.destinations; did you mean hook? (defined: hook)",
                "solwatch.yaml:13:14: alerts.rules[1].kinds: panik is not a crash kind; did you mean panic? (known: " + string.Join(", ", SolWatch.ConsoleCapture.Api.CrashKindName.All) + ")",
                "solwatch.yaml:14:7: alerts.rules[2].downFor: is required for on: console-down (how long a console must be down, e.g. 5m)",
                "solwatch.yaml:17:7: alerts.rules[3].threshold: is required for on: hardware-events (how many hardware errors within per: raise the alert, e.g. 10)",
                "solwatch.yaml:20:12: alerts.rules[3].per: week is not one of: hour, day",
                "solwatch.yaml:24:7: alerts.rules[4].downFor: unknown key (not a setting of an on: kdump-failed rule)",
            ],
            errors);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("9410")]
    [InlineData("127.0.0.1:0")]
    [InlineData("localhost:9410")]
    public void A_metrics_listen_that_is_not_address_and_port_is_a_located_error(string listen)
    {
        string error = Assert.Single(Errors($"metrics:\n  listen: \"{listen}\""));

        Assert.StartsWith("solwatch.yaml:2:11: metrics.listen: ", error, StringComparison.Ordinal);
        Assert.EndsWith("is not ADDRESS:PORT (e.g. 127.0.0.1:9410, 0.0.0.0:9410 or [::1]:9410; the port 1-65535)", error, StringComparison.Ordinal);
    }
}
