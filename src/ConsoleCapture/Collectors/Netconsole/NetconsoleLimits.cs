namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// Bounds on what a netconsole datagram may claim. Every size or count read from the wire is checked against one
/// of these before anything is allocated or kept for it: a datagram from an allowed sender is still only a UDP
/// datagram (the source address is trivially spoofed), so it cannot be allowed to size our memory.
/// </summary>
internal static class NetconsoleLimits
{
    /// <summary>
    /// The largest <c>ncfrag=OFFSET/TOTAL</c> total accepted (bytes of message body after the header's ';').
    /// What the kernel can send (drivers/net/netconsole.c, kernel/printk/internal.h):
    /// a record's text is at most PRINTKRB_RECORD_MAX = 1024 bytes (LOG_LINE_MAX = 1024 - PREFIX_MAX before 6.6);
    /// the formatted extended record that netconsole's write_ext_msg() receives (header, text with non-printable
    /// bytes escaped as \xNN, dictionary lines) is cut at CONSOLE_EXT_LOG_MAX = 8192 bytes (up to 6.5) or
    /// PRINTK_MESSAGE_MAX = 2048 bytes (6.6 on); since 6.9 send_fragmented_body() appends the target's userdata
    /// and sysdata (MAX_USERDATA_ITEMS 16 x MAX_EXTRADATA_ENTRY_LEN 256 = 4096 bytes, plus a few sysdata lines)
    /// to the body it fragments. So no kernel sends a total over 8192 + 4096 + sysdata; 16 KiB leaves room and
    /// caps a reassembly at 16 KiB per sender. Anything larger is not a kernel message: dropped and counted.
    /// </summary>
    public const int MaxMessageBytes = 16 * 1024;

    /// <summary>
    /// How long a partly received message waits for its missing fragments. The kernel sends a message's fragments
    /// back to back (send_ext_msg_udp / send_fragmented_body loop under target_list_lock), so a fragment that has
    /// not come within a second or two is lost; after this the message is shown as it is, marked incomplete
    /// (so the last words of a panic are not held back until the machine talks again).
    /// </summary>
    public static readonly TimeSpan PartialMaxAge = TimeSpan.FromSeconds(5);
}
