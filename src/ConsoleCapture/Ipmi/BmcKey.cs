using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// The BMC key Kg of IPMI 2.0 "two-key" logins, as an operator writes it in a secret file or variable: text (the
/// bytes of its UTF-8, like ipmitool -k) or hex after <c>0x</c> (like ipmitool -y). At most 20 bytes; the BMC pads
/// it with zeros, which the HMAC does as well, so a short key needs no padding here.
/// </summary>
public static class BmcKey
{
    /// <summary>Longest Kg IPMI 2.0 allows.</summary>
    public const int MaxBytes = 20;

    /// <summary>The key's bytes; throws <see cref="ArgumentException"/> with what a valid key looks like.</summary>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string key = text.TrimEnd('\r', '\n');
        if (key.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && key.Length > 2 && key[2..].All(char.IsAsciiHexDigit))
        {
            string hex = key[2..];
            if (hex.Length % 2 != 0 || hex.Length > 2 * MaxBytes)
            {
                throw new ArgumentException($"a hex BMC key needs an even number of hex digits after 0x, at most {2 * MaxBytes} ({MaxBytes} bytes); this one has {hex.Length}");
            }
            return Convert.FromHexString(hex);
        }
        int length = Encoding.UTF8.GetByteCount(key);
        if (length is 0 or > MaxBytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"a BMC key is 1-{MaxBytes} bytes of text, or 0x followed by up to {2 * MaxBytes} hex digits; this one is {length} bytes of text"));
        }
        return Encoding.UTF8.GetBytes(key);
    }
}
