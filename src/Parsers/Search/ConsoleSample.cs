namespace SolWatch.Parsers.Search;

/// <summary>
/// A few dozen lines of ordinary console text (a boot, systemd and syslog lines, a warning with its registers and call
/// trace, a hung task, an oops), written for this purpose: what <see cref="Buckets"/> measures a bucket's words against,
/// so that words whose starts together spell common text ("u"+"n"+"t"+"e" of two words spelling "mounted") do not share one.
/// </summary>
internal static class ConsoleSample
{
    /// <summary>The lines.</summary>
    public static readonly string[] Lines =
    [
        "[    0.000000] Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)",
        "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000bffdafff] usable",
        "[    0.004000] ACPI: RSDP 0x00000000000F5A50 000014 (v00 BOCHS )",
        "[    0.120000] Memory: 16318712K/16776676K available (14336K kernel code, 2346K rwdata, 9024K rodata)",
        "[    0.300000] smpboot: CPU0: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz (family: 0x6, model: 0x55, stepping: 0x7)",
        "[    0.410000] pci 0000:00:1f.2: [8086:2922] type 00 class 0x010601",
        "[    0.520000] clocksource: Switched to clocksource tsc-early",
        "[    1.200000] usb 1-1: new high-speed USB device number 2 using ehci-pci",
        "[    1.310000] EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.",
        "[    1.400000] audit: type=1400 audit(1700000000.123:2): apparmor=\"STATUS\" operation=\"profile_load\" name=\"nvidia_modprobe\"",
        "[    2.000000] systemd[1]: Started Journal Service.",
        "[    2.100000] systemd[1]: Starting Load Kernel Modules...",
        "[    2.200000] systemd[1]: Mounted Huge Pages File System.",
        "[    2.300000] systemd[1]: Reached target Local File Systems.",
        "[    2.400000] systemd[1]: Finished Create Static Device Nodes in /dev.",
        "[    2.500000] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
        "[    2.600000] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
        "[    3.000000] nvme nvme0: 8/0/0 default/read/poll queues",
        "[    3.100000]  nvme0n1: p1 p2 p3",
        "[    3.200000] input: Power Button as /devices/LNXSYSTM:00/LNXPWRBN:00/input/input0",
        "Dec  6 22:00:01 host kernel: [ 4.567890] random: crng init done",
        "Dec  6 22:00:02 host systemd[1]: Started Session 1 of user root.",
        "Dec  6 22:00:03 host sshd[1234]: Accepted publickey for root from 192.168.1.10 port 51234 ssh2",
        "Dec  6 22:00:04 host CRON[2345]: (root) CMD (/usr/local/bin/backup.sh > /dev/null 2>&1)",
        "[  100.123456] WARNING: CPU: 3 PID: 1234 at net/core/dev.c:1234 dev_watchdog+0x1e0/0x200",
        "[  100.123457] Modules linked in: nf_tables nfnetlink ip6_tables iptables x_tables ext4 mbcache jbd2 crc32c_intel",
        "[  100.123458] CPU: 3 PID: 1234 Comm: kworker/3:1 Tainted: G        W          6.1.0 #1",
        "[  100.123459] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        "[  100.123460] RIP: 0010:dev_watchdog+0x1e0/0x200",
        "[  100.123461] Code: 48 89 df e8 2b 6f ff ff eb 8a 48 8b 44 24 08 0f 1f 44 00 00 <0f> 0b eb ab",
        "[  100.123462] RSP: 0018:ffffb1c2c0103e58 EFLAGS: 00010282",
        "[  100.123463] RAX: 0000000000000000 RBX: ffff9a8b4a3c0000 RCX: 0000000000000027",
        "[  100.123464] RDX: ffff9a8cbfd9f3a8 RSI: 0000000000000001 RDI: ffff9a8cbfd9f3a0",
        "[  100.123465] Call Trace:",
        "[  100.123466]  <IRQ>",
        "[  100.123467]  ? __warn+0x7d/0xc0",
        "[  100.123468]  ? report_bug+0xe2/0x150",
        "[  100.123469]  call_timer_fn+0x24/0x130",
        "[  100.123470]  __run_timers.part.0+0x1f2/0x290",
        "[  100.123471]  run_timer_softirq+0x26/0x50",
        "[  100.123472]  __do_softirq+0xc6/0x2b0",
        "[  100.123473]  </IRQ>",
        "[  100.123474] ---[ end trace 0000000000000000 ]---",
        "[  200.000000] INFO: task kworker/u8:2:123 blocked for more than 120 seconds.",
        "[  200.000001] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
        "[  200.000002] task:kworker/u8:2    state:D stack:0     pid:123   ppid:2      flags:0x00004000",
        "[  200.000003] Workqueue: writeback wb_workfn (flush-8:0)",
        "[  200.000004]  schedule_timeout+0x95/0x150",
        "[  200.000005]  io_schedule+0x42/0x70",
        "[  200.000006]  rq_qos_wait+0xbb/0x130",
        "[  300.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008",
        "[  300.000001] #PF: supervisor read access in kernel mode",
        "[  300.000002] Oops: 0000 [#1] PREEMPT SMP NOPTI",
        "[  300.000003] Kernel panic - not syncing: Fatal exception in interrupt",
        "[  300.000004] Kernel Offset: 0x12a00000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
    ];
}
