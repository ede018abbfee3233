using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Alerts.Senders;

/// <summary>
/// <c>type: email</c>: one mail per alert through an SMTP server, with MailKit (System.Net.Mail's SmtpClient is
/// obsolete for new code: it lacks modern protocols, and its docs point to MailKit). A new connection per alert: alerts
/// are rare, and a kept connection would time out between them.
/// </summary>
internal sealed class EmailSender(EmailDestinationConfig config) : IAlertSender
{
    public AlertDestinationConfig Config => config;

    public string Payload(Alert alert) => $"Subject: {Subject(alert)}\n\n{Body(alert)}";

    public async Task SendAsync(Alert alert, string payload, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(config.From));
        foreach (string to in config.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }
        message.Subject = Subject(alert);
        message.Body = new TextPart("plain") { Text = Body(alert) };
        using var smtp = new SmtpClient { Timeout = (int)config.Timeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(config.Host, config.Port, config.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, ct);
            if (config.Username is { } user)
            {
                await smtp.AuthenticateAsync(user, config.Password?.Resolve() ?? "", ct);
            }
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
        }
        catch (SmtpCommandException e)
        {
            // 5xx: the server refuses this mail (a bad address, a login refused); 4xx is a temporary refusal.
            throw new AlertSendException($"SMTP {config.Host}:{config.Port}: {(int)e.StatusCode} {e.Message}", retryable: (int)e.StatusCode < 500, e);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or ServiceNotConnectedException
                                       or AuthenticationException or SslHandshakeException or InvalidOperationException)
        {
            throw new AlertSendException($"SMTP {config.Host}:{config.Port}: {e.Message}", retryable: true, e);
        }
    }

    private static string Subject(Alert alert) => $"[solwatch {alert.Status}] {alert.Title}".ReplaceLineEndings(" ");

    private static string Body(Alert alert) =>
        $"{alert.Title}\n\n{alert.Details}\n\nRule: {alert.Rule} ({alert.Trigger}, {alert.Severity})\nSince: {alert.StartsAt:O}\n" +
        string.Concat(alert.Labels.Select(l => $"{l.Key}: {l.Value}\n"));
}
