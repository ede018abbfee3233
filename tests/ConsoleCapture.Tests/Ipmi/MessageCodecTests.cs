using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

public sealed class MessageCodecTests
{
    [Fact]
    public void Get_channel_auth_caps_encodes_like_the_reference_datagram()
    {
        byte[] msg = IpmiLanMessage.EncodeRequest(0x06, 0x38, 0, [0x8E, 0x04]);

        // reference: 06 00 FF 07 00 00000000 00000000 09 20 18 C8 81 00 38 8E 04 B5
        Assert.Equal(Convert.FromHexString("0600FF0700000000000000000009201 8C881003 88E04B5".Replace(" ", "", StringComparison.Ordinal)),
            RmcpFraming.BuildV15(msg));
    }

    [Fact]
    public void A_response_with_a_bad_checksum_is_dropped()
    {
        byte[] ok = [0x81, 0x1C, 0x63, 0x20, 0x04, 0x38, 0x00, 0x01, 0x00];
        ok[^1] = IpmiLanMessage.Checksum(ok.AsSpan(3, ok.Length - 4));

        Assert.NotNull(IpmiLanMessage.TryDecodeResponse(ok));
        ok[7] ^= 1;
        Assert.Null(IpmiLanMessage.TryDecodeResponse(ok));
    }

    [Fact]
    public void A_response_decodes_its_sequence_command_and_completion_code()
    {
        byte[] m = [0x81, 0x1C, 0x63, 0x20, 0x05 << 2, 0x48, 0x80, 0];
        m[^1] = IpmiLanMessage.Checksum(m.AsSpan(3, m.Length - 4));

        IpmiResponse r = IpmiLanMessage.TryDecodeResponse(m)!;

        Assert.Equal((byte)0x07, r.NetFn);
        Assert.Equal((byte)5, r.RqSeq);
        Assert.Equal((byte)0x48, r.Command);
        Assert.Equal((byte)0x80, r.CompletionCode);
        Assert.Empty(r.Data);
    }

    [Fact]
    public void Open_session_request_carries_the_suite_algorithms_and_an_explicit_privilege()
    {
        byte[] m = RakpMessages.EncodeOpenSessionRequest(7, IpmiPrivilege.Administrator, 0xDEADBEEF, CipherSuite.Suite17);

        Assert.Equal(32, m.Length);
        Assert.Equal(Convert.FromHexString("070400 00EFBEADDE 0000000803000000 0100000804000000 0200000801000000".Replace(" ", "", StringComparison.Ordinal)), m);
    }

    [Fact]
    public void A_two_byte_open_session_error_is_parsed_not_thrown()
    {
        OpenSessionResponse r = RakpMessages.TryDecodeOpenSessionResponse([7, 0x11])!;

        Assert.Equal((byte)0x11, r.Status);
        Assert.True(RakpMessages.IsAlgorithmMismatch(r.Status));
    }

    [Fact]
    public void Rakp1_puts_role_and_user_name_where_the_bmc_reads_them()
    {
        byte[] rm = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        byte[] m = RakpMessages.EncodeRakp1(3, 0x01020304, rm, 0x14, "admin"u8);

        Assert.Equal(28 + 5, m.Length);
        Assert.Equal(new byte[] { 3, 0, 0, 0, 4, 3, 2, 1 }, m[..8]);
        Assert.Equal(rm, m[8..24]);
        Assert.Equal(new byte[] { 0x14, 0, 0, 5 }, m[24..28]);
        Assert.Equal("admin"u8.ToArray(), m[28..]);
    }
}
