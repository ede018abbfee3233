using System.Security.Cryptography;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// The session-setup waits of <see cref="IpmiSession"/> (Open Session, RAKP1 → RAKP2, RAKP3 → RAKP4) and which
/// replies end them. RMCP+ setup is unauthenticated: anyone who can send from the BMC's address (and knows our
/// session ID or tag) can answer first. So only a reply we can go on with ends a wait; a refusal, a RAKP2 whose
/// proof fails, a RAKP4 whose check value fails or an answer with other algorithms is set aside, and only when the
/// wait's timeout passes without a reply to go on with does the login fail, with the reason set aside.
/// </summary>
public sealed partial class IpmiSession
{
    /// <summary>
    /// Why a setup reply is not one to go on with. <see cref="OtherSuiteMayWork"/>: the BMC does not do this suite
    /// (the next one is tried); <see cref="KeyExchangeCheckFailed"/>: a RAKP2 whose proof failed (wrong password or
    /// forged), after which the BMC is told we give up.
    /// </summary>
    private sealed record SetupRefusal(IpmiException Error, bool OtherSuiteMayWork = false, bool KeyExchangeCheckFailed = false);

    /// <summary>The end of one setup wait: the reply to go on with, or (none came) the refusal set aside.</summary>
    private sealed record SetupAnswer(byte[]? Reply, SetupRefusal? Refusal, bool KeyExchangeCheckFailed);

    /// <summary>
    /// Sends a setup payload and waits for the reply of type <paramref name="expect"/> that <paramref name="judge"/>
    /// finds nothing against (null). Replies it refuses are set aside and the wait goes on: a genuine answer that
    /// comes after a spoofed refusal or a forged RAKP2/RAKP4 still completes the login. Only when the timeout passes
    /// is the refusal returned (the latest one: a spoofer racing the BMC answers before it, so when the BMC's own
    /// answer is a refusal too it is more likely the later). The grace is the rest of the wait's own timeout: the
    /// BMC answers each setup request once, well within it, and without a refusal we would have waited that long
    /// anyway; so a genuine refusal (wrong password, unknown user) fails the login at most one request timeout later
    /// than before. Throws <see cref="TimeoutException"/> when nothing came at all (the handshake starts again).
    /// </summary>
    private async Task<SetupAnswer> ExchangeSetupAsync(RmcpPayloadType send, byte[] payload, RmcpPayloadType expect, int fullLength,
        Func<byte[], SetupRefusal?> judge, CancellationToken ct)
    {
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            setupReply = reply;
            setupExpected = expect;
            setupFullLength = fullLength;
            setupJudge = judge;
            setupRefusal = null;
            setupKeyExchangeCheckFailed = false;
        }
        try
        {
            endpoint.Send(RmcpFraming.BuildPreSession(send, payload), remote);
            return new SetupAnswer(await reply.Task.WaitAsync(options.RequestTimeout, ct), null, false);
        }
        catch (TimeoutException)
        {
            lock (gate)
            {
                if (setupRefusal is not null)
                {
                    return new SetupAnswer(null, setupRefusal, setupKeyExchangeCheckFailed);
                }
            }
            throw;
        }
        finally
        {
            lock (gate)
            {
                setupReply = null;
                setupJudge = null;
                setupRefusal = null;
            }
        }
    }

    /// <summary>
    /// A setup payload from the BMC's address, on the receive loop: ends the wait when it is a reply to go on with,
    /// else is set aside (a refusal) or dropped and counted (not the awaited type, or a short "success").
    /// </summary>
    private void OnSetupReply(RmcpPayloadType type, ReadOnlySpan<byte> p)
    {
        bool taken = false;
        SetupRefusal? firstRefusal = null;
        lock (gate)
        {
            if (setupReply is not null && setupJudge is not null && setupExpected == type && IsAcceptableSetupReply(p, setupFullLength))
            {
                byte[] reply = p.ToArray();
                SetupRefusal? refusal = setupJudge(reply);
                if (refusal is null)
                {
                    taken = setupReply.TrySetResult(reply);
                }
                else
                {
                    firstRefusal = setupRefusal is null ? refusal : null;
                    setupRefusal = refusal;
                    setupKeyExchangeCheckFailed |= refusal.KeyExchangeCheckFailed;
                    taken = true;
                }
            }
        }
        if (!taken)
        {
            Interlocked.Increment(ref droppedPackets);
        }
        else if (firstRefusal is not null)
        {
            // Debug and once per wait: a spoofer can send thousands.
            log.Debug("IPMI console {Endpoint}: {Type} refused ({Reason}); waiting out the timeout for a genuine answer (setup is unauthenticated)",
                Endpoint, type, firstRefusal.Error.Message);
        }
    }

    /// <summary>
    /// A setup reply worth judging: a refusal (tag, non-zero status; BMCs may send only those 2 bytes) or a success
    /// with all its fields. A short "success" (truncated datagram, wrong length field, spoofed) is dropped instead of
    /// failing the login as malformed: the real reply may still come, else the wait times out and the handshake
    /// starts again.
    /// </summary>
    private static bool IsAcceptableSetupReply(ReadOnlySpan<byte> p, int fullLength) =>
        p.Length >= 2 && (p[1] != 0 || p.Length >= fullLength);

    /// <summary>What is wrong with an Open Session Response (null: nothing; go on with it).</summary>
    private SetupRefusal? JudgeOpenSession(byte[] reply, CipherSuite suite, uint sid)
    {
        OpenSessionResponse? osr = RakpMessages.TryDecodeOpenSessionResponse(reply);
        if (osr is null)
        {
            return new SetupRefusal(Malformed("Open Session Response"));
        }
        if (osr.Status != 0)
        {
            // A spoofed "no such suite" is a downgrade attempt too (17 → 3): it is set aside like any refusal.
            return RakpMessages.IsAlgorithmMismatch(osr.Status)
                ? new SetupRefusal(new IpmiException(RakpMessages.DescribeStatus(osr.Status)), OtherSuiteMayWork: true)
                : new SetupRefusal(new IpmiException($"BMC {Endpoint} refused to open a session: {RakpMessages.DescribeStatus(osr.Status)}"));
        }
        if (osr.Authentication != suite.Authentication || osr.Integrity != suite.Integrity || osr.Confidentiality != suite.Confidentiality)
        {
            return new SetupRefusal(new IpmiException(
                $"BMC {Endpoint} answered Open Session with algorithms {osr.Authentication}/{osr.Integrity}/{osr.Confidentiality} instead of " +
                $"cipher suite {suite.Id}'s; refused (a BMC that changes the security algorithms is not trusted)"));
        }
        return osr.BmcSessionId == 0 || osr.ConsoleSessionId != sid ? new SetupRefusal(Malformed("Open Session Response (session IDs)")) : null;
    }

    /// <summary>What is wrong with a RAKP2 (null: nothing): a refusal, or a proof (KEAC) that does not match the password.</summary>
    private SetupRefusal? JudgeRakp2(byte[] reply, CipherSuite suite, Func<Rakp2, RakpTranscript> transcript)
    {
        Rakp2? r2 = RakpMessages.TryDecodeRakp2(reply, RakpCrypto.KeacLength(suite.Authentication));
        if (r2 is null)
        {
            return new SetupRefusal(Malformed("RAKP2"));
        }
        if (r2.Status != 0)
        {
            return new SetupRefusal(r2.Status switch
            {
                0x0D => new IpmiAuthenticationException($"BMC {options.Host} does not know user {options.UserName} (RAKP2: unauthorized name); check the console's user name"),
                0x09 or 0x0A => new IpmiAuthenticationException($"BMC {options.Host} refused privilege {options.Privilege} for user {options.UserName} (RAKP2: {RakpMessages.DescribeStatus(r2.Status)}); lower the console's privilege"),
                _ => new IpmiException($"BMC {Endpoint} refused RAKP1: {RakpMessages.DescribeStatus(r2.Status)}"),
            });
        }
        if (suite.Authentication == AuthenticationAlgorithm.None)
        {
            return null;
        }
        byte[] expected = RakpCrypto.Rakp2KeyExchangeAuthCode(suite.Authentication, System.Text.Encoding.UTF8.GetBytes(options.Password), transcript(r2));
        return CryptographicOperations.FixedTimeEquals(expected, r2.KeyExchangeAuthCode)
            ? null
            : new SetupRefusal(new IpmiAuthenticationException($"BMC {options.Host} rejected the password for user {options.UserName} (RAKP2 HMAC mismatch)"),
                KeyExchangeCheckFailed: true);
    }

    /// <summary>What is wrong with a RAKP4 (null: nothing): a refusal, or an integrity check value other than our keys give.</summary>
    private SetupRefusal? JudgeRakp4(byte[] reply, CipherSuite suite, SessionKeys keys, RakpTranscript transcript)
    {
        Rakp4? r4 = RakpMessages.TryDecodeRakp4(reply, RakpCrypto.IcvLength(suite.Authentication));
        if (r4 is null)
        {
            return new SetupRefusal(Malformed("RAKP4"));
        }
        if (r4.Status != 0)
        {
            return new SetupRefusal(r4.Status == 0x0F
                ? new IpmiAuthenticationException($"BMC {options.Host} rejected the password for user {options.UserName} (RAKP3 check failed on the BMC)")
                : new IpmiException($"BMC {Endpoint} refused RAKP3: {RakpMessages.DescribeStatus(r4.Status)}"));
        }
        if (suite.Authentication == AuthenticationAlgorithm.None ||
            CryptographicOperations.FixedTimeEquals(RakpCrypto.Rakp4IntegrityCheckValue(suite.Authentication, keys.Sik, transcript), r4.IntegrityCheckValue))
        {
            return null;
        }
        return new SetupRefusal(new IpmiAuthenticationException(options.BmcKey is null
            ? $"BMC {Endpoint} sent a wrong RAKP4 integrity check value: its session keys differ from ours (does it use a BMC key Kg it does not announce?)"
            : bmcReportsKg
                ? $"BMC {Endpoint} derived other session keys than ours: the BMC key (Kg) configured for this console is wrong"
                : $"BMC {Endpoint} derived other session keys than ours: it announces no BMC key (Kg), yet one is configured for this console; remove kgEnv/kgFile or set the key on the BMC"));
    }
}
