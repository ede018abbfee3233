using System.Diagnostics;
using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// The RAKP computations checked against an independent implementation: Python's hmac/hashlib, written from the
/// IPMI 2.0 layout tables (ipmi_sim has no SHA-256, so suite 17 cannot be checked against a real BMC here).
/// </summary>
public sealed class RakpCryptoTests
{
    private static readonly RakpTranscript Transcript = new(
        ConsoleSessionId: 0xA1B2C3D4, BmcSessionId: 0x01020304,
        ConsoleRandom: Convert.FromHexString("00112233445566778899AABBCCDDEEFF"),
        BmcRandom: Convert.FromHexString("FFEEDDCCBBAA99887766554433221100"),
        BmcGuid: Convert.FromHexString("A123456789ABCDEFA123456789ABCDEF"),
        Role: 0x14, UserName: "admin"u8.ToArray());

    private static readonly byte[] Password = "labpass"u8.ToArray();

    private const string PythonReference = """
import hmac, hashlib, struct, sys
h = hashlib.sha256 if sys.argv[1] == "sha256" else hashlib.sha1
icv = 16 if sys.argv[1] == "sha256" else 12
kuid = b"labpass"; user = b"admin"; role = 0x14
kg = bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else None
sidm = struct.pack("<I", 0xA1B2C3D4); sidc = struct.pack("<I", 0x01020304)
rm = bytes.fromhex("00112233445566778899AABBCCDDEEFF"); rc = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
guid = bytes.fromhex("A123456789ABCDEFA123456789ABCDEF")
mac = lambda k, d: hmac.new(k, d, h).digest()
tail = bytes([role, len(user)]) + user
keac = mac(kuid, sidm + sidc + rm + rc + guid + tail)
rakp3 = mac(kuid, rc + sidm + tail)
sik = mac(kg if kg else kuid, rm + rc + tail)
k1 = mac(sik, b"\x01" * 20); k2 = mac(sik, b"\x02" * 20)
icv4 = mac(sik, rm + sidc + guid)[:icv]
print(" ".join(x.hex().upper() for x in (keac, rakp3, sik, k1, k2, icv4)))
""";

    private static async Task<string[]> PythonAsync(string hash, byte[]? kg = null)
    {
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(PythonReference);
        psi.ArgumentList.Add(hash);
        if (kg is not null)
        {
            psi.ArgumentList.Add(Convert.ToHexString(kg));
        }
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("python3 is needed for the RAKP reference test (apt-get install python3)", e);
        }
        using (p)
        {
            string output = await p.StandardOutput.ReadToEndAsync();
            string error = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, error);
            return output.Trim().Split(' ');
        }
    }

    [PeerTheory("python3")]
    [InlineData(AuthenticationAlgorithm.HmacSha256, "sha256")]
    [InlineData(AuthenticationAlgorithm.HmacSha1, "sha1")]
    public async Task Rakp_values_and_session_keys_match_an_independent_python_implementation(AuthenticationAlgorithm algorithm, string hash)
    {
        string[] expected = await PythonAsync(hash);

        SessionKeys keys = RakpCrypto.DeriveKeys(algorithm, Password, Transcript);

        Assert.Equal(expected[0], Convert.ToHexString(RakpCrypto.Rakp2KeyExchangeAuthCode(algorithm, Password, Transcript)));
        Assert.Equal(expected[1], Convert.ToHexString(RakpCrypto.Rakp3AuthCode(algorithm, Password, Transcript)));
        Assert.Equal(expected[2], Convert.ToHexString(keys.Sik));
        Assert.Equal(expected[3], Convert.ToHexString(keys.K1));
        Assert.Equal(expected[4], Convert.ToHexString(keys.K2));
        Assert.Equal(expected[5], Convert.ToHexString(RakpCrypto.Rakp4IntegrityCheckValue(algorithm, keys.Sik, Transcript)));
    }

    [PeerTheory("python3")]
    [InlineData(AuthenticationAlgorithm.HmacSha256, "sha256")]
    [InlineData(AuthenticationAlgorithm.HmacSha1, "sha1")]
    public async Task A_two_key_login_derives_the_session_keys_from_kg_and_still_proves_the_password_with_kuid(AuthenticationAlgorithm algorithm, string hash)
    {
        byte[] kg = BmcKey.Parse("0x00112233445566778899AABBCCDDEEFF01020304");
        string[] expected = await PythonAsync(hash, kg);

        SessionKeys keys = RakpCrypto.DeriveKeys(algorithm, kg, Transcript);

        // RAKP2 and RAKP3 prove the password (Kuid); SIK, K1, K2 and the RAKP4 check value come from Kg.
        Assert.Equal(expected[0], Convert.ToHexString(RakpCrypto.Rakp2KeyExchangeAuthCode(algorithm, Password, Transcript)));
        Assert.Equal(expected[1], Convert.ToHexString(RakpCrypto.Rakp3AuthCode(algorithm, Password, Transcript)));
        Assert.Equal(expected[2], Convert.ToHexString(keys.Sik));
        Assert.Equal(expected[3], Convert.ToHexString(keys.K1));
        Assert.Equal(expected[4], Convert.ToHexString(keys.K2));
        Assert.Equal(expected[5], Convert.ToHexString(RakpCrypto.Rakp4IntegrityCheckValue(algorithm, keys.Sik, Transcript)));
        Assert.NotEqual(RakpCrypto.DeriveKeys(algorithm, Password, Transcript).Sik, keys.Sik);
    }

    [Fact]
    public void Suite_17_keys_are_32_bytes_and_its_check_values_16()
    {
        SessionKeys keys = RakpCrypto.DeriveKeys(AuthenticationAlgorithm.HmacSha256, Password, Transcript);

        Assert.Equal(32, keys.Sik.Length);
        Assert.Equal(32, keys.K1.Length);
        Assert.Equal(16, RakpCrypto.Rakp4IntegrityCheckValue(AuthenticationAlgorithm.HmacSha256, keys.Sik, Transcript).Length);
        Assert.Equal(32, RakpCrypto.KeacLength(AuthenticationAlgorithm.HmacSha256));
    }

    [Fact]
    public void A_different_password_gives_a_different_rakp2_code()
    {
        byte[] right = RakpCrypto.Rakp2KeyExchangeAuthCode(AuthenticationAlgorithm.HmacSha1, Password, Transcript);
        byte[] wrong = RakpCrypto.Rakp2KeyExchangeAuthCode(AuthenticationAlgorithm.HmacSha1, "labpasS"u8, Transcript);

        Assert.NotEqual(right, wrong);
    }
}
