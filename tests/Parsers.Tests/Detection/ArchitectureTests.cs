using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Reports;
using SolWatch.TestSupport;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>The same NULL dereference as each architecture prints it (formats of arch/*/mm/fault.c and traps.c).</summary>
public class ArchitectureTests
{
    private static CrashReport Single(string console)
    {
        List<CrashReport> reports = Scan(console);
        return Assert.Single(reports);
    }

    [Fact]
    public void An_i386_oops_is_read_with_its_eip()
    {
        CrashReport r = Single(Console(
            "BUG: kernel NULL pointer dereference, address: 00000000",
            "#PF: supervisor write access in kernel mode",
            "*pde = 00000000",
            "Oops: 0002 [#1] PREEMPT SMP",
            "CPU: 0 PID: 91 Comm: sh Tainted: G           OE     6.1.0-21-686-pae #1 Debian 6.1.90-1",
            "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
            "EIP: lab_null+0x5/0x20 [labcrash]",
            "Code: 55 89 e5 c7 05 00 00 00 00 01 00 00 00 5d c3",
            "EAX: 00000000 EBX: c5a3b000 ECX: 00000000 EDX: 00000000",
            "ESI: f8a0c090 EDI: 00000005 EBP: c5a3be3c ESP: c5a3be3c",
            "Call Trace:",
            " lab_set+0xe8/0x354 [labcrash]",
            " param_attr_store+0x90/0xe0",
            " vfs_write+0xb4/0x2a0",
            "---[ end trace 0000000000000000 ]---",
            "Kernel panic - not syncing: Fatal exception"));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", r.Title);
        Assert.Equal("lab_null", r.Ip?.Function);
        Assert.Equal("c5a3b000", r.Registers["EBX"]);
        Assert.True(r.Panicked);
        Assert.Equal("Fatal exception", r.PanicReason);
    }

    [Fact]
    public void An_arm64_oops_is_read_with_pc_and_lowercase_call_trace()
    {
        CrashReport r = Single(Console(
            "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000",
            "Mem abort info:",
            "  ESR = 0x0000000096000045",
            "Internal error: Oops: 0000000096000045 [#1] PREEMPT SMP",
            "Modules linked in: labcrash(OE) ext4",
            "CPU: 2 PID: 91 Comm: sh Tainted: G           OE      6.1.0-21-arm64 #1  Debian 6.1.90-1",
            "Hardware name: linux,dummy-virt (DT)",
            "pc : lab_null+0x8/0x14 [labcrash]",
            "lr : lab_set+0xe8/0x354 [labcrash]",
            "sp : ffff80000a0f3c70",
            "x29: ffff80000a0f3c70 x28: ffff0000c2a1b600 x27: 0000000000000000",
            "Call trace:",
            " lab_null+0x8/0x14 [labcrash]",
            " lab_set+0xe8/0x354 [labcrash]",
            " param_attr_store+0x90/0xe0",
            "Code: d2800001 d2800000 d503233f (b900003f)",
            "---[ end trace 0000000000000000 ]---",
            "Kernel panic - not syncing: Oops: Fatal exception"));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", r.Title);
        Assert.Equal(new InstructionPointer(null, "lab_null", 8, 0x14, "labcrash"), r.Ip);
        Assert.Equal(["labcrash", "ext4"], r.Modules.ToArray());
        Assert.Equal("Oops: Fatal exception", r.PanicReason);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void A_mips_oops_is_read_with_the_epc_of_its_register_dump()
    {
        // arch/mips/mm/fault.c no_context() and arch/mips/kernel/traps.c __show_regs(): "epc   : %0*lx %pS" (three spaces
        // before the colon, the address, then the symbol), "ra    : …"; here the epc is in the allocator and the excerpt
        // ends in the stack words, so no frame takes the blame.
        CrashReport r = Single(Console(
            "CPU 2 Unable to handle kernel paging request at virtual address 00000070, epc == 803a653c, ra == 803a6848",
            "Oops[#1]:",
            "CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.4.179 #20",
            "$ 0   : 00000000 00000001 71540081 806553b4",
            "$ 4   : 8fce3300 00000a20 00664000 80650000",
            "Hi    : 00000000",
            "Lo    : 0000002f",
            "epc   : 80126820 kmem_cache_alloc+0x164/0x1c4",
            "ra    : 80126824 kmem_cache_alloc+0x168/0x1c4",
            "Status: 11008403 KERNEL EXL IE ",
            "Cause : c0800010 (ExcCode 04)",
            "BadVA : 71540081",
            "PrId  : 0001992f (MIPS 1004Kc)",
            "Modules linked in: mt76x2e mt76 mac80211 cfg80211 compat",
            "Process swapper/0 (pid: 0, threadinfo=d2b9bd1b, task=ac9a591f, tls=00000000)"));
        Assert.Equal("BUG: unable to handle kernel paging request in corrupted", r.Title);
        Assert.Equal("kmem_cache_alloc", r.Ip?.Function);
        Assert.Equal(0x164, r.Ip?.Offset);
    }

    [Fact]
    public void A_riscv_oops_is_read_with_epc()
    {
        CrashReport r = Single(Console(
            "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000",
            "Oops [#1]",
            "Modules linked in: labcrash(OE)",
            "CPU: 0 PID: 91 Comm: sh Tainted: G           OE     6.1.0-21-riscv64 #1 Debian 6.1.90-1",
            "Hardware name: riscv-virtio,qemu (DT)",
            "epc : lab_null+0x8/0x14 [labcrash]",
            " ra : lab_set+0xe8/0x354 [labcrash]",
            "epc : ffffffff01234568 ra : ffffffff0123abcd sp : ff20000000bcbd30",
            "status: 0000000200000120 badaddr: 0000000000000000 cause: 000000000000000f",
            "Call Trace:",
            "[<ffffffff01234568>] lab_null+0x8/0x14 [labcrash]",
            "[<ffffffff0123abcd>] lab_set+0xe8/0x354 [labcrash]",
            "[<ffffffff80234567>] vfs_write+0xb4/0x2a0",
            "---[ end trace 0000000000000000 ]---",
            "Kernel panic - not syncing: Fatal exception"));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", r.Title);
        Assert.Equal("lab_null", r.Ip?.Function);
        Assert.Equal(3, r.Frames.Length);
    }

    [Fact]
    public void A_riscv_oops_quoted_with_an_indent_keeps_the_stack_after_its_status_line()
    {
        // dump_backtrace() prints the frames right after __show_regs()'s "status:" line, with no "Call Trace:"; a commit
        // message indents every line of the report it quotes, and syzkaller's riscvSpecialStackStart is not anchored.
        CrashReport r = Single(Console(
            "  Unable to handle kernel NULL pointer dereference at virtual address 0000000000000508",
            "  Oops [#1]",
            "  Modules linked in: labcrash",
            "  CPU: 0 UID: 0 PID: 61 Comm: sh Not tainted 6.11.0 #3",
            "  Hardware name: riscv-virtio,qemu (DT)",
            "  epc : lab_null+0x94/0xa6 [labcrash]",
            "   ra : lab_null+0x54/0xa6 [labcrash]",
            "  epc : ffffffff01590e98 ra : ffffffff01590e58 sp : ffff8f80001f39b0",
            "   t5 : ffffffff814126e0 t6 : ffffffff81412700",
            "  status: 0000000200000120 badaddr: 0000000000000508 cause: 000000000000000d",
            "  [<ffffffff01590e98>] lab_null+0x94/0xa6 [labcrash]",
            "  [<ffffffff015943a6>] lab_set+0x56/0x90 [labcrash]",
            "  [<ffffffff01593412>] param_attr_store+0x22/0x2e"));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", r.Title);
        Assert.False(r.Corrupted);
        // The frames after the status line are the report's call trace too, not only the title's.
        Assert.Equal(["lab_null", "lab_set", "param_attr_store"], r.Frames.Select(f => f.Function));
    }

    [Fact]
    public void A_riscv_warning_lists_the_frames_that_follow_its_status_line_with_no_call_trace_heading()
    {
        // A real 6.1 console (Fixtures/eras): __warn() calls show_regs(), whose dump_backtrace() prints no heading.
        CrashReport r = Assert.Single(ScanFile(RepoPaths.Tests("Parsers.Tests", "Fixtures", "eras", "riscv-6.1-warning-patch-insn-write-stopper.log")));
        Assert.Equal("WARNING in patch_insn_write", r.Title);
        Assert.Equal(
            ["patch_text_nosync", "ftrace_update_ftrace_func", "ftrace_modify_all_code", "__ftrace_modify_code", "multi_cpu_stop",
                "cpu_stopper_thread", "smpboot_thread_fn", "kthread", "ret_from_exception"],
            r.Frames.Select(f => f.Function));
    }

    [Fact]
    public void A_powerpc_oops_is_read_with_nip_and_unreliable_frames()
    {
        CrashReport r = Single(Console(
            "BUG: Kernel NULL pointer dereference on read at 0x00000000",
            "Faulting instruction address: 0xc0000000001234a4",
            "Oops: Kernel access of bad area, sig: 11 [#1]",
            "LE PAGE_SIZE=64K MMU=Hash SMP NR_CPUS=2048 NUMA pSeries",
            "Modules linked in: xfs",
            "CPU: 3 PID: 4242 Comm: bash Not tainted 5.14.0-70.el9.ppc64le #1",
            "NIP:  c0000000001234a4 LR: c0000000001234a0 CTR: c000000000123400",
            "GPR00: c0000000001234a0 c00000000b5e3c00 c000000002a8e300 0000000000000000",
            "NIP [c0000000001234a4] sysrq_handle_crash+0x24/0x30",
            "LR [c0000000001234a0] __handle_sysrq+0xe4/0x2a0",
            "Call Trace:",
            "[c00000000b5e3c00] [c0000000001234a0] __handle_sysrq+0xd0/0x2a0 (unreliable)",
            "[c00000000b5e3ca0] [c000000000123b50] write_sysrq_trigger+0x70/0xa0",
            "[c00000000b5e3cd0] [c0000000005a1234] proc_reg_write+0x84/0x120",
            "[c00000000b5e3d00] [c0000000004b5678] vfs_write+0xf8/0x330",
            "Instruction dump:",
            "38210020 e8010010 7c0803a6 4e800020 3c4c02a2 38426e80 7c0802a6 60000000",
            "---[ end trace 0000000000000000 ]---",
            "Kernel panic - not syncing: Fatal exception"));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in sysrq_handle_crash", r.Title);
        Assert.Equal("sysrq_handle_crash", r.Ip?.Function);
        Assert.False(r.Frames[0].Reliable);
        Assert.True(r.Frames[1].Reliable);
    }

    [Fact]
    public void A_32_bit_arch_ppc_oops_in_lower_case_with_no_fault_line_is_read_with_its_nip()
    {
        // arch/ppc/mm/fault.c (2.6.x up to 2.6.26) bad_page_fault(): die("kernel access of bad area", regs, sig), no message
        // line before it; the NIP is kfree, never blamed, so the title takes the next frame.
        CrashReport r = Single(Console(
            "Oops: kernel access of bad area, sig: 11 [#1]",
            "NIP: 80047C94 LR: C20487EC SP: 819E5E60 REGS: 819e5db0 TRAP: 0300    Not tainted",
            "MSR: 00001032 EE: 0 PR: 0 FP: 0 ME: 1 IR/DR: 11",
            "DAR: 00100100, DSISR: 40000000",
            "TASK = bff80cc0[3] 'events/0' THREAD: 819e4000Last syscall: 120",
            "GPR00: 80661120 819E5E60 BFF80CC0 00100100 819E5E20 FFFFFFFF 80390000 802E0000",
            "NIP [80047c94] kfree+0x40/0xa4",
            "LR [c20487ec] mgt_update_addr+0x9c/0xb0 [prism54]",
            "Call trace:",
            " [c20487ec] mgt_update_addr+0x9c/0xb0 [prism54]",
            " [c2048894] mgt_commit+0x94/0xb0 [prism54]",
            " [80033510] worker_thread+0x17c/0x21c",
            " [8003754c] kthread+0xb8/0xc0"));
        Assert.Equal("BUG: unable to handle kernel paging request in mgt_update_addr", r.Title);
        Assert.Equal(CrashKind.Oops, r.Kind);
        Assert.Equal("kfree", r.Ip?.Function);
    }

    [Fact]
    public void An_s390x_oops_is_read_with_the_psw()
    {
        CrashReport r = Single(Console(
            "Unable to handle kernel pointer dereference in virtual kernel address space",
            "Failing address: 0000000000000000 TEID: 0000000000000483",
            "Oops: 0004 ilc:3 [#1] SMP",
            "Modules linked in: labcrash(OE)",
            "CPU: 1 PID: 4242 Comm: bash Tainted: G           OE     5.14.0-70.el9.s390x #1",
            "Hardware name: IBM 3906 M04 704 (z/VM 7.1.0)",
            "Krnl PSW : 0704c00180000000 000003ff8003a0c4 (lab_null+0x14/0x30 [labcrash])",
            "           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3",
            "Call Trace:",
            " [<000003ff8003a0c4>] lab_null+0x14/0x30 [labcrash]",
            " [<000003ff8003a3d8>] lab_set+0xe8/0x354 [labcrash]",
            " [<0000000000a1b2c4>] vfs_write+0xe4/0x2a0",
            "Last Breaking-Event-Address:",
            " [<000003ff8003a0b6>] lab_null+0x6/0x30 [labcrash]",
            "---[ end trace 0000000000000000 ]---",
            "Kernel panic - not syncing: Fatal exception"));
        Assert.Equal("BUG: unable to handle kernel paging request in lab_null", r.Title);
        Assert.Equal(new InstructionPointer("000003ff8003a0c4", "lab_null", 0x14, 0x30, "labcrash"), r.Ip);
        Assert.Equal("5.14.0-70.el9.s390x", r.Kernel.Release);
        // The "Last Breaking-Event-Address" line after the trace names a branch source, not a frame.
        Assert.Equal(["lab_null", "lab_set", "vfs_write"], r.Frames.Select(f => f.Function));
    }

    [Fact]
    public void An_s390x_program_check_in_kernel_mode_is_named_by_its_trap()
    {
        // arch/s390/kernel/dumpstack.c die(): "%s: %04x ilc:%d [#%d] ", the trap's name from traps.c.
        CrashReport r = Single(Console(
            "specification exception: 0006 ilc:2 [#1] SMP",
            "Modules linked in: labcrash(OE)",
            "CPU: 3 PID: 811 Comm: kworker/3:1 Not tainted 6.8.0 #1",
            "Krnl PSW : 0704c00180000000 000003ff8003a0c4 (lab_spec+0x14/0x30 [labcrash])",
            "           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3",
            "Call Trace:",
            " [<000003ff8003a0c4>] lab_spec+0x14/0x30 [labcrash]",
            " [<0000000000a1b2c4>] process_one_work+0x2a4/0x640",
            "---[ end trace 0000000000000000 ]---"));
        Assert.Equal(CrashKind.Exception, r.Kind);
        Assert.Equal("specification exception in lab_spec", r.Title);
        Assert.False(r.Corrupted);
        Assert.False(r.Panicked);
    }

    [Fact]
    public void An_s390x_3x_program_check_without_the_ilc_field_is_named_by_its_trap()
    {
        // 3.x arch/s390/kernel/traps.c die(): "%s: %04x [#%d] " (no " ilc:"), default_trap_handler's "Unknown program exception".
        CrashReport r = Single(Console(
            "Unknown program exception: 0028 [#1] SMP ",
            "Modules linked in: qeth_l3 vmur dasd_eckd_mod dasd_mod",
            "CPU: 1 PID: 3323 Comm: Thread-44 Not tainted 3.10.0-1062.4.1.el7.s390x #1",
            "Krnl PSW : 0704f00180000000 00000000001067ae (cpu_relax+0x1e/0x20)",
            "           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:3 PM:0 EA:3",
            "Call Trace:",
            "([<00000000001067a8>] cpu_relax+0x18/0x20)",
            " [<000003ff8030d9e4>] lab_spin+0x54/0x90 [labcrash]",
            " [<0000000000a1b2c4>] process_one_work+0x2a4/0x640",
            "---[ end trace 0000000000000000 ]---"));
        Assert.Equal(CrashKind.Exception, r.Kind);
        Assert.Equal("Unknown program exception in cpu_relax", r.Title);
        Assert.Equal("3.10.0-1062.4.1.el7.s390x", r.Kernel.Release);
    }

    [Fact]
    public void An_s390x_3x_bug_trap_without_the_ilc_field_stays_in_the_kernel_bug_report_it_follows()
    {
        CrashReport r = Single(Console(
            "kernel BUG at drivers/scsi/scsi_lib.c:660!",
            "illegal operation: 0001 [#1] SMP",
            "Modules linked in: dasd_mod",
            "Krnl PSW : 0704c00180000000 000000000048d7a6 (scsi_alloc_sgtable+0x56/0x60)",
            "Call Trace:",
            "([<000000000048d5e8>] scsi_init_sgtable+0x38/0x98)",
            " [<000000000048d6a2>] scsi_init_io+0x5a/0x1a0",
            "---[ end trace 0000000000000000 ]---"));
        Assert.Equal(CrashKind.Bug, r.Kind);
        Assert.Equal("kernel BUG in scsi_alloc_sgtable", r.Title);
    }

    [Theory]
    [InlineData("overflow: 0000 [#1] SMP")]
    [InlineData("coprocessor segment overrun: 0000 [#1] SMP")]
    [InlineData("Oops: 0000 [#1] SMP")]
    public void An_x86_die_line_of_the_same_layout_is_not_read_as_an_s390_trap(string line)
    {
        // x86's die() prints "%s: %04lx [#%d]" too; its trap names are not s390's.
        List<CrashReport> reports = Scan(Console(
            line,
            "RIP: 0010:[<ffffffff8101a2b3>]  [<ffffffff8101a2b3>] lab_trap+0x13/0x20",
            "Call Trace:",
            " [<ffffffff8101b000>] lab_caller+0x10/0x20"));
        Assert.DoesNotContain(reports, r => r.Kind == CrashKind.Exception && r.Title.StartsWith(line[..line.IndexOf(':')] + " in ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_s390x_program_check_at_an_unsymbolized_address_is_blamed_on_the_trace()
    {
        CrashReport r = Single(Console(
            "illegal operation: 0001 ilc:1 [#1] SMP",
            "CPU: 6 PID: 60182 Comm: stress_client Kdump: loaded Not tainted 4.18.0-541.el8.s390x #1",
            "Krnl PSW : 0704f00180000000 0000000000000002 (0x2)",
            "Call Trace:",
            "([<00000000ec639700>] 0xec639700)",
            " [<00000000913183e2>] net_rx_action+0x2ba/0x398",
            " [<0000000091515f76>] __do_softirq+0x11e/0x3a0",
            "Kernel panic - not syncing: Fatal exception in interrupt"));
        Assert.Equal("illegal operation in net_rx_action", r.Title);
        Assert.True(r.Panicked);
        Assert.Equal("4.18.0-541.el8.s390x", r.Kernel.Release);
    }

    [Fact]
    public void An_s390x_bug_trap_stays_in_the_kernel_bug_report_it_follows()
    {
        // Older kernels trapped BUG() as "illegal operation", newer ones as "monitor event": either way one report.
        foreach (string trap in (string[])["illegal operation: 0001 ilc:1 [#1] PREEMPT SMP", "monitor event: 0040 ilc:2 [#1] SMP"])
        {
            CrashReport r = Single(Console(
                "------------[ cut here ]------------",
                "kernel BUG at mm/huge_memory.c:2884!",
                trap,
                "Modules linked in:",
                "Krnl PSW : 0704d00180000000 00000000002bf3aa (__split_huge_pmd_locked+0x562/0xa10)",
                "Call Trace:",
                " [<00000000002bf3aa>] __split_huge_pmd_locked+0x562/0xa10",
                " [<0000000000a1b2c4>] __split_huge_pmd+0x24/0x40",
                "---[ end trace 0000000000000000 ]---"));
            Assert.Equal(CrashKind.Bug, r.Kind);
            Assert.Equal("kernel BUG in __split_huge_pmd_locked", r.Title);
        }
    }

    [Fact]
    public void An_s390x_user_process_fault_is_no_crash()
    {
        // arch/s390/kernel/traps.c report_user_fault: an "ilc:" without the oops counter.
        Assert.Empty(Scan(Console(
            "User process fault: interruption code 0011 ilc:3 in libc.so.6[3ff8a200000+1d0000]",
            "Failing address: 0000000000000000 TEID: 0000000000000800")));
    }

    [Fact]
    public void An_arm_oops_is_named_from_its_backtrace()
    {
        CrashReport r = Single(Console(
            "Unable to handle kernel NULL pointer dereference at virtual address 00000004",
            "Internal error: Oops: 5 [#1] PREEMPT SMP ARM",
            "Modules linked in:",
            "CPU: 0 PID: 5109 Comm: kworker/u4:3 Not tainted 5.10.0-rc1+ #20",
            "Hardware name: ARM-Versatile Express",
            "PC is at kthread_stop+0x60/0x524",
            "LR is at __this_cpu_preempt_check+0x1c/0x20",
            "Backtrace: ",
            "[<801654a4>] (kthread_stop) from [<8163f8d8>] (vhci_shutdown_connection+0x88/0x3a0)",
            "[<8163f850>] (vhci_shutdown_connection) from [<8163b930>] (event_handler+0xd0/0x1c0)",
            "Code: e3130001 1a0000b4 e2845008 f595f000 (e1953f9f)"));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in vhci_shutdown_connection", r.Title);
        Assert.Equal("kthread_stop", r.Ip?.Function);
    }

    [Fact]
    public void An_arm_bad_mode_oops_whose_pc_no_symbol_names_has_no_instruction_pointer_function()
    {
        // arch/arm/kernel/traps.c bad_mode(): "Bad mode in %s handler detected" then die("Oops - bad mode", regs, 0).
        // show_regs() prints "PC is at %pS": an address kallsyms cannot name prints as "0x…". The one frame is the LR's
        // (arch_cpu_idle called the FIQ handler), not where the CPU was: the function of the instruction pointer is unknown.
        CrashReport r = Single(Console(
            "Bad mode in data abort handler detected",
            "Internal error: Oops - bad mode: 0 [#1] PREEMPT SMP ARM",
            "Modules linked in: firq(O+) ipv6",
            "CPU: 0 PID: 0 Comm: swapper/0 Tainted: G           O 3.12.0-xilinx #97",
            "PC is at 0xe3fc0000",
            "LR is at arch_cpu_idle+0x20/0x2c",
            "pc : [<e3fc0000>]    lr : [<c000f344>]    psr: 600701d1",
            "Flags: nZCv  IRQs off  FIQs off  Mode FIQ_32  ISA ARM  Segment kernel",
            "[<c000f344>] (arch_cpu_idle+0x20/0x2c) from [<00000000>] (  (null))",
            "Code: bad PC value",
            "---[ end trace 38f263d4b2076bcb ]---"));
        Assert.Equal("Internal error in corrupted", r.Title);
        Assert.Null(r.Ip?.Function);
    }

    [Fact]
    public void An_arm_kernel_mode_prefetch_abort_is_named_by_die_and_a_user_mode_one_is_no_crash()
    {
        // arch/arm/mm/fault.c do_PrefetchAbort(): "Unhandled prefetch abort: %s (0x%03x) at 0x%08lx" then arm_notify_die(),
        // which dies ("Internal error: …") only for a kernel-mode abort; syzkaller names the report by that line.
        CrashReport r = Single(Console(
            "Unhandled prefetch abort: external abort on non-linefetch (0x1008) at 0x8018fe20",
            "Internal error: : 1008 [#1] PREEMPT SMP ARM",
            "CPU: 0 PID: 178 Comm: udevd Tainted: P           O      5.7.19-at1 #39",
            "PC is at sys_clock_gettime32+0x58/0xc4",
            "LR is at ret_fast_syscall+0x0/0x54",
            "[<8018fe20>] (sys_clock_gettime32) from [<80100060>] (ret_fast_syscall+0x0/0x54)",
            "---[ end trace 98c4e7c1cd29d9e3 ]---"));
        Assert.Equal("Internal error in clock_gettime32", r.Title);
        Assert.Equal("sys_clock_gettime32", r.Ip?.Function);
        Assert.Empty(Scan(Console(
            "[ 1547.164526] Unhandled prefetch abort: breakpoint debug exception (0x222) at 0x0001051c",
            "[ 1548.164526] Unhandled prefetch abort: breakpoint debug exception (0x222) at 0x0001051c")));
    }

    [Fact]
    public void A_powerpc_unrecoverable_fp_unavailable_trap_is_named_as_die_names_it_with_its_nip()
    {
        // arch/powerpc/kernel/traps.c kernel_fp_unavailable_exception(): a message line, then die("Unrecoverable FP
        // Unavailable Exception", regs, SIGABRT), whose "Oops: %s, sig: %ld [#%d]" no other rule reads; the panic joins it.
        CrashReport r = Single(Console(
            "Unrecoverable FP Unavailable Exception 801 at c005a6e8",
            "Oops: Unrecoverable FP Unavailable Exception, sig: 6 [#1]",
            "BE MPC5121 CCS 0",
            "CPU: 0 PID: 430 Comm: kworker/u2:5 Not tainted 4.19.0 #2",
            "NIP:  c005a6e8 LR: c005e160 CTR: c000a890",
            "REGS: cfa59c30 TRAP: 0801   Not tainted  (4.19.0)",
            "NIP [c005a6e8] rcu_check_callbacks+0x0/0x3c",
            "LR [c005e160] update_process_times+0x34/0x88",
            "Call Trace:",
            "[cfa59ce0] [c005e158] update_process_times+0x2c/0x88 (unreliable)",
            "[cfa59cf0] [c006fc00] tick_nohz_handler+0xb8/0x188",
            "[cfa59d10] [c000aa58] timer_interrupt+0xd8/0x1fc",
            "---[ end trace 9d8434a1517f4bd5 ]---",
            "Kernel panic - not syncing: Fatal exception in interrupt"));
        Assert.Equal("Unrecoverable FP Unavailable Exception in rcu_check_callbacks", r.Title);
        Assert.Equal(CrashKind.Exception, r.Kind);
        Assert.Equal("rcu_check_callbacks", r.Ip?.Function);
        Assert.True(r.Panicked);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   ")]
    public void A_powerpc_unreliable_frame_stays_unreliable_when_the_console_pads_the_line(string padding)
    {
        // arch/powerpc show_stack() ends the first frame whose return address is not the saved LR with " (unreliable)";
        // a serial console or a paste may add blanks after it. The task dump of a 3.12 RCU stall (no timer-interrupt
        // entry: in corrupted) then points at the first reliable frame syzkaller may blame, not at the unreliable one.
        CrashReport r = Single(Console(
            "INFO: rcu_sched detected stalls on CPUs/tasks: { 0} (detected by 1, t=5252 jiffies, g=825, c=824, q=1)" + padding,
            "Task dump for CPU 0:" + padding,
            "reboot          R  running task        0  2642   2641 0x00000000" + padding,
            "Call Trace:" + padding,
            "[c7363c70] [c0631338] schedule+0x30/0xbc (unreliable)" + padding,
            "[c7363d30] [c007d6cc] call_console_drivers.constprop.24+0xe8/0x108" + padding,
            "[c7363d50] [c007db14] console_unlock+0x1fc/0x458" + padding,
            "[c7363d80] [c007e038] vprintk_emit+0x2c8/0x4cc" + padding,
            "[c7363dd0] [c0634b58] printk+0x68/0x78" + padding,
            "[c7363e10] [c0065178] kernel_restart+0x74/0x8c" + padding));
        Assert.Equal("INFO: rcu detected stall in corrupted", r.Title);
        Assert.Equal("call_console_drivers", r.Ip?.Function);
    }

    [Theory]
    [InlineData("Oops: Unrecoverable Machine check, sig: 7 [#1]")]
    [InlineData("Oops: Unrecoverable System Reset, sig: 6 [#1]")]
    public void A_powerpc_unrecoverable_machine_check_or_system_reset_is_not_read_as_a_trap_of_its_own(string header)
    {
        // die("Unrecoverable Machine check") belongs to the machine-check reading; a system reset ends the report of what
        // it was sent for (a hard lockup): neither is an "… Exception" trap.
        List<CrashReport> reports = Scan(Console(header, "NIP [c0000000000a1b2c] foo+0x1c/0x40"));
        Assert.DoesNotContain(reports, r => r.Title.StartsWith("Unrecoverable ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_2_6_powerpc_bug_line_names_the_function_the_nip_line_does_not()
    {
        // arch/ppc check_bug_trap() of 2.6.x: "kernel BUG in %s at %s:%d!"; 2.6.1's NIP line is an address only, and the
        // call trace starts at the caller (__getblk): the BUG() is in the function the line names.
        CrashReport r = Single(Console(
            "kernel BUG in grow_buffers at fs/buffer.c:1189!",
            "Oops: Exception in kernel mode, sig: 5 [#1]",
            "NIP: C005CA40 LR: C005C9FC SP: D2813C40 REGS: d2813b90 TRAP: 0700    Not tainted",
            "TASK = d1eec0c0[2407] 'mount' Last syscall: 21",
            "GPR00: 000007FF D2813C40 D1EEC0C0 00000000 00000000 00000001 00000000 00000000",
            "Call trace:",
            " [c005cfb0] __getblk+0x5c/0x64",
            " [c005d010] __bread+0x10/0x40",
            " [d98a03cc] hfs_mdb_get+0xa4/0x6bc [hfs]"));
        Assert.Equal("kernel BUG in grow_buffers", r.Title);
        Assert.Equal(CrashKind.Bug, r.Kind);
        Assert.Equal("grow_buffers", r.Ip?.Function);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void A_2_6_x86_nmi_watchdog_lockup_is_a_hard_lockup_and_its_panic_joins_it()
    {
        // arch/x86/kernel/apic/nmi.c die_nmi(): "BUG: NMI Watchdog detected LOCKUP on CPU%d, ip %08lx, registers:", the
        // register dump, then panic("Non maskable interrupt") with nmi_watchdog=panic. Frames are picked as for a lockup.
        CrashReport r = Single(Console(
            "BUG: NMI Watchdog detected LOCKUP on CPU0, ip ffffffff8136b420, registers:",
            "CPU 0",
            "Pid: 1, comm: swapper Tainted: G        W   2.6.37-rc1 #108 X8DTN/X8DTN",
            "RIP: 0010:[<ffffffff8136b420>]  [<ffffffff8136b420>] find_next_bit+0x90/0x180",
            "RSP: 0018:ffff8801b966d830  EFLAGS: 00000006",
            "Call Trace:",
            " [<ffffffff8136ab33>] cpumask_next_and+0x73/0x90",
            " [<ffffffff810a994d>] find_busiest_group+0x2ed/0x1480",
            " [<ffffffff8109d5a0>] run_rebalance_domains+0x150/0x1f0",
            " [<ffffffff8106a3b1>] __do_softirq+0xd1/0x2a0",
            "---[ end trace 4eaa2a86a8e2da23 ]---",
            "Kernel panic - not syncing: Non maskable interrupt"));
        Assert.Equal("BUG: hard lockup in run_rebalance_domains", r.Title);
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.Equal("find_next_bit", r.Ip?.Function);
        Assert.True(r.Panicked);
    }

    [Fact]
    public void An_x86_64_2_6_nmi_watchdog_lockup_without_the_bug_prefix_is_a_hard_lockup_too()
    {
        // arch/x86_64/kernel/nmi.c before 2.6.24: die_nmi("NMI Watchdog detected LOCKUP on CPU %d\n", regs).
        CrashReport r = Single(Console(
            "NMI Watchdog detected LOCKUP on CPU 1",
            "CPU 1",
            "Modules linked in: nfs lockd",
            "Pid: 0, comm: swapper Not tainted 2.6.18-194.el5 #1",
            "RIP: 0010:[<ffffffff80064bcc>]  [<ffffffff80064bcc>] _spin_lock+0x9/0xa",
            "Call Trace:",
            " <IRQ>  [<ffffffff8008e1a5>] scheduler_tick+0x9a/0x2e6",
            " [<ffffffff80098e3c>] update_process_times+0x61/0x6e",
            " [<ffffffff80012b37>] __do_softirq+0x89/0x133"));
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.StartsWith("BUG: hard lockup in ", r.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_i386_nmi_watchdog_lockup_on_a_console_without_printk_times_is_a_hard_lockup()
    {
        // 2.6.x consoles often print no times: the "BUG: " form must not fall to the catch-all BUG rule there.
        CrashReport r = Single(string.Join("\n",
            "BUG: NMI Watchdog detected LOCKUP on CPU0, eip c021cf4d, registers:",
            "Modules linked in: dm_mod",
            "CPU:    0",
            "EIP:    0060:[<c021cf4d>]    Not tainted VLI",
            "EFLAGS: 00200082   (2.6.20-rc1-mm1 #0)",
            "EIP is at __rb_rotate_right+0x1/0x54",
            "Process X (pid: 3255, ti=deaf2000 task=c14deb00 task.ti=deaf2000)",
            "Call Trace:",
            " [<c021d049>] rb_insert_color+0x55/0xbe",
            " [<c012d15b>] enqueue_hrtimer+0x10a/0x116",
            " [<c012d9b4>] hrtimer_start+0x78/0x93",
            " =======================",
            "") );
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.StartsWith("BUG: hard lockup in ", r.Title, StringComparison.Ordinal);
        Assert.Equal("__rb_rotate_right", r.Ip?.Function);
    }

    [Fact]
    public void A_slub_report_without_an_allocation_stack_has_the_first_frame_past_the_slub_checks_as_its_ip()
    {
        // mm/slub.c: the cache tracks no allocation, so the only stack is the free path that found the damage; its first
        // frames (print_trailer, check_bytes_and_report, free_debug_processing, __slab_free…) print the report.
        CrashReport r = Single(Console(
            "=============================================================================",
            "BUG page->ptl (Not tainted): Redzone overwritten",
            "-----------------------------------------------------------------------------",
            "INFO: 0xffff8802841bc368-0xffff8802841bc36f. First byte 0x0 instead of 0xcc",
            "INFO: Slab 0xffffea000a106f00 objects=40 used=36 fp=0xffff8802841be3f0 flags=0x6fffff80004081",
            "CPU: 3 PID: 12505 Comm: trinity-c647 Tainted: G    B          3.17.0-rc3 #1108",
            "Call Trace:",
            " [<ffffffff814f3a19>] dump_stack+0x4e/0x7a",
            " [<ffffffff812ffe41>] print_trailer+0x131/0x140",
            " [<ffffffff81300f1a>] check_bytes_and_report+0xda/0x110",
            " [<ffffffff81301237>] check_object+0x1c7/0x240",
            " [<ffffffff81302c81>] free_debug_processing+0x101/0x2b0",
            " [<ffffffff81302e95>] __slab_free+0x65/0x3d0",
            " [<ffffffff81303a1c>] kmem_cache_free+0x23c/0x280",
            " [<ffffffff812a8f2b>] ptlock_free+0x1b/0x20",
            " [<ffffffff8107b5d2>] ___pte_free_tlb+0x22/0x80",
            "FIX page->ptl: Restoring 0xffff8802841bc368-0xffff8802841bc36f=0xcc"));
        Assert.Equal("BUG: Redzone overwritten", r.Title);
        Assert.Equal("ptlock_free", r.Ip?.Function);
    }

    [Fact]
    public void A_ubsan_report_cut_right_after_its_handler_names_no_ip()
    {
        // lib/ubsan.c: each check's handler (__ubsan_handle_*, its ".cold" part) prints through ubsan_epilogue(), which
        // calls dump_stack(): those frames are the report, not where the kernel was. Cut before the caller, no frame is
        // left to blame or to stand for the instruction pointer.
        CrashReport r = Single(Console(
            "================================================================================",
            "UBSAN: shift-out-of-bounds in drivers/mtd/spi-nor/core.c:2026:24",
            "shift exponent 4294967295 is too large for 32-bit type 'int'",
            "CPU: 4 PID: 503 Comm: systemd-udevd Not tainted 6.2.0-generic #1",
            "Call Trace:",
            " <TASK>",
            " show_stack+0x4e/0x61",
            " dump_stack_lvl+0x4a/0x6f",
            " dump_stack+0x10/0x18",
            " ubsan_epilogue+0x9/0x3a",
            " __ubsan_handle_shift_out_of_bounds.cold+0x61/0xef"));
        Assert.Equal("UBSAN: shift-out-of-bounds in corrupted", r.Title);
        Assert.True(r.Corrupted);
        Assert.Null(r.Ip?.Function);
    }

    [Fact]
    public void A_whole_ubsan_report_still_blames_and_points_at_the_handlers_caller()
    {
        CrashReport r = Single(Console(
            "UBSAN: array-index-out-of-bounds in drivers/hwmon/aquacomputer_d5next.c:1407:20",
            "index 8 is out of range for type 's32 [8]'",
            "CPU: 50 UID: 0 PID: 0 Comm: swapper/50 Not tainted 6.11.0-9-generic #9-Ubuntu",
            "Call Trace:",
            " <IRQ>",
            " dump_stack_lvl+0x5f/0x90",
            " ubsan_epilogue+0x9/0x40",
            " __ubsan_handle_out_of_bounds.cold+0x44/0x49",
            " aqc_raw_event.part.0+0x68a/0x810 [aquacomputer_d5next]",
            " aqc_raw_event+0x17/0x40 [aquacomputer_d5next]",
            " __hid_input_report+0x13b/0x220 [hid]"));
        Assert.Equal("UBSAN: array-index-out-of-bounds in aqc_raw_event", r.Title);
        Assert.False(r.Corrupted);
        Assert.Equal("aqc_raw_event", r.Ip?.Function);
    }

    [Theory]
    [InlineData("ubsan_epilogue", true)]
    [InlineData("ubsan_prologue", true)]
    [InlineData("__ubsan_handle_out_of_bounds", true)]
    [InlineData("__ubsan_handle_shift_out_of_bounds.cold", true)]
    [InlineData("__ubsan_handle_load_invalid_value", true)]
    [InlineData("my_ubsan_epilogue", false)]
    [InlineData("ubsan_epilogue_helper", false)]
    [InlineData("x__ubsan_handle_out_of_bounds", false)]
    [InlineData("aqc_raw_event", false)]
    public void Ubsan_report_functions_are_reporting_machinery(string function, bool machinery) =>
        Assert.Equal(machinery, SolWatch.Parsers.Detection.Rules.FrameFilters.IsReportingMachinery(function));

    [Fact]
    public void An_arm64_serror_panic_without_registers_passes_over_the_noreturn_neighbours_of_vpanic()
    {
        // 6.14+ arm64 trace: dump_backtrace_entry prints return addresses with %pS, so after vpanic()'s last (noreturn)
        // call the next symbols in the image appear at +0x0 ("abort+0x0/0x4", "add_taint+0x0/0xbc"); no register dump is
        // quoted, so the IP is the first frame outside the panic and SError-entry machinery: the "(P)" frame.
        CrashReport r = Single(Console(
            "Kernel panic - not syncing: Asynchronous SError Interrupt",
            "CPU: 6 UID: 1000 PID: 855 Comm: weston Tainted: G   M    W           6.19.0-rc8 #1 PREEMPT",
            "Call trace:",
            " show_stack+0x18/0x30 (C)",
            " dump_stack_lvl+0x60/0x80",
            " vpanic+0xf8/0x2dc",
            " abort+0x0/0x4",
            " add_taint+0x0/0xbc",
            " arm64_serror_panic+0x70/0x80",
            " arm64_is_fatal_ras_serror+0x34/0xac",
            " do_serror+0x58/0x74",
            " el1h_64_error_handler+0x38/0x60",
            " el1h_64_error+0x70/0x74",
            " arm_smmu_write_s2cr+0x98/0xb4 (P)",
            " arm_smmu_write_sme+0x18/0x8c"));
        Assert.Equal("kernel panic: Asynchronous SError Interrupt", r.Title);
        Assert.True(r.Panicked);
        Assert.Equal("arm_smmu_write_s2cr", r.Ip?.Function);
    }

    [Fact]
    public void An_arm64_serror_panic_through_arm64_is_fatal_ras_serror_points_at_the_interrupted_function()
    {
        // traps.c: do_serror() -> arm64_is_fatal_ras_serror() -> arm64_serror_panic() -> nmi_panic() (6.6): the grading
        // function is SError machinery, not where the kernel was.
        CrashReport r = Single(Console(
            "Kernel panic - not syncing: Asynchronous SError Interrupt",
            "CPU: 3 PID: 1 Comm: swapper/0 Not tainted 6.6.22-v8-16k #1",
            "Call trace:",
            " dump_backtrace+0x9c/0x100",
            " show_stack+0x20/0x38",
            " panic+0x328/0x390",
            " nmi_panic+0x94/0xa0",
            " arm64_serror_panic+0x78/0x90",
            " arm64_is_fatal_ras_serror+0x44/0xc0",
            " do_serror+0x64/0x80",
            " el1h_64_error_handler+0x30/0x48",
            " el1h_64_error+0x64/0x68",
            " bcm2712_pull_config_set+0x68/0xe8",
            " bcm2712_pinconf_set+0x6c/0xe0"));
        Assert.Equal("kernel panic: Asynchronous SError Interrupt", r.Title);
        Assert.Equal("bcm2712_pull_config_set", r.Ip?.Function);
    }

    [Fact]
    public void A_register_dumps_pc_at_offset_zero_is_still_the_ip()
    {
        // The noreturn-neighbour rule is only about call-trace frames standing in for a missing register dump: a pc
        // (a fault on a function's first instruction) is where the CPU was, whatever its offset.
        CrashReport r = Single(Console(
            "Unable to handle kernel paging request at virtual address ffff800012340000",
            "Internal error: Oops: 96000047 [#1] SMP",
            "CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1",
            "pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)",
            "pc : deep_recursion+0x0/0x40",
            "lr : recurse_caller+0x20/0x40",
            "sp : ffff800012340000",
            "Call trace:",
            " deep_recursion+0x0/0x40",
            " recurse_caller+0x20/0x40"));
        Assert.Equal("deep_recursion", r.Ip?.Function);
    }

    [Fact]
    public void An_arm64_serror_taken_at_a_functions_entry_points_at_it()
    {
        // Before 6.14 the interrupted pt_regs pc follows the vector's entry frame unmarked; taken at a function's first
        // instruction it reads "+0x0" and is no noreturn neighbour (the Khadas VIM4 SError of the eras set).
        CrashReport r = Single(Console(
            "Kernel panic - not syncing: Asynchronous SError Interrupt",
            "CPU: 6 PID: 68 Comm: kworker/u16:3 Not tainted 6.8.0-rc1 #1",
            "Call trace:",
            " dump_backtrace+0x94/0xec",
            " panic+0x388/0x3c8",
            " nmi_panic+0x48/0x94",
            " arm64_serror_panic+0x6c/0x78",
            " do_serror+0x3c/0x78",
            " el1h_64_error_handler+0x30/0x48",
            " el1h_64_error+0x64/0x68",
            " clk_mux_val_to_index+0x0/0xc0",
            " __clk_register+0x440/0x82c"));
        Assert.Equal("clk_mux_val_to_index", r.Ip?.Function);
    }

    [Theory]
    [InlineData(0L, "vpanic", true)]
    [InlineData(0L, "abort", true)]
    [InlineData(0L, null, true)]
    [InlineData(0L, "el1h_64_error", false)]
    [InlineData(0L, "el1_error", false)]
    [InlineData(0L, "__irq_svc", false)]
    [InlineData(0L, "handle_exception", false)]
    [InlineData(4L, "vpanic", false)]
    [InlineData(0xf8L, null, false)]
    [InlineData(null, "vpanic", false)]
    public void A_trace_frame_at_offset_zero_is_a_noreturn_neighbour_unless_it_is_an_interrupted_pc(long? offset, string? above, bool neighbour) =>
        Assert.Equal(neighbour, SolWatch.Parsers.Detection.ReportFinalizer.IsNoreturnNeighbour(
            new SolWatch.Parsers.Reports.StackFrame("abort", offset, 4, null, true), above));

    [Theory]
    [InlineData("el1h_64_error", true)]
    [InlineData("el1h_64_sync", true)]
    [InlineData("el1h_64_irq", true)]
    [InlineData("el1_irq", true)]
    [InlineData("el0_sync", true)]
    [InlineData("__dabt_svc", true)]
    [InlineData("__irq_usr", true)]
    [InlineData("ret_from_exception", true)]
    [InlineData("el1h_64_error_handler", false)]
    [InlineData("do_serror", false)]
    [InlineData("vpanic", false)]
    public void Exception_vector_entries_are_recognized(string function, bool entry) =>
        Assert.Equal(entry, SolWatch.Parsers.Detection.ReportFinalizer.IsExceptionEntry(function));

    [Theory]
    [InlineData("arm64_is_fatal_ras_serror", true)]
    [InlineData("do_serror", true)]
    [InlineData("arm64_serror_panic", true)]
    [InlineData("arm64_is_fatal_ras_serror_helper", false)]
    [InlineData("arm_smmu_write_s2cr", false)]
    public void Arm64_serror_functions_are_reporting_machinery(string function, bool machinery) =>
        Assert.Equal(machinery, SolWatch.Parsers.Detection.Rules.FrameFilters.IsReportingMachinery(function));

    [Fact]
    public void A_stack_protector_panic_naming_a_bare_pointer_is_titled_from_the_trace()
    {
        // 4.x kernel/panic.c __stack_chk_fail: panic("stack-protector: Kernel stack is corrupted in: %p\n", …) prints the
        // return address as a bare pointer (8 hex digits on 32-bit arm): no function, so the function __stack_chk_fail was
        // called from, as the trace shows it, names the report.
        CrashReport r = Single(Console(
            "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: 802e62f8",
            "CPU: 0 PID: 887 Comm: ucd_disable_vcs Not tainted 4.7.10 #1",
            "Hardware name: ASpeed SoC",
            "[<801072f8>] (unwind_backtrace) from [<80105558>] (show_stack+0x10/0x14)",
            "[<80105558>] (show_stack) from [<8016d06c>] (panic+0xb8/0x248)",
            "[<8016d06c>] (panic) from [<80110df4>] (__stack_chk_fail+0x10/0x14)",
            "[<80110df4>] (__stack_chk_fail) from [<802e62f8>] (i2c_smbus_xfer+0x508/0x54c)",
            "[<802e62f8>] (i2c_smbus_xfer) from [<ffffffff>] (0xffffffff)"));
        Assert.Equal("kernel panic: stack is corrupted in i2c_smbus_xfer", r.Title);
        Assert.True(r.Panicked);
        Assert.Equal("i2c_smbus_xfer", r.Ip?.Function);
    }

    [Fact]
    public void A_64_bit_stack_protector_pointer_is_no_function_either_and_a_named_one_still_is()
    {
        CrashReport pointer = Single(Console(
            "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffffc0c88942",
            "CPU: 0 PID: 1 Comm: x Not tainted 4.11.3 #1",
            "Call Trace:",
            " dump_stack+0x63/0x90",
            " panic+0xe4/0x22d",
            " __stack_chk_fail+0x1b/0x20",
            " foo_bar+0x42/0x50 [foo]"));
        Assert.Equal("kernel panic: stack is corrupted in foo_bar", pointer.Title);
        CrashReport named = Single(Console(
            "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: br_dev_xmit+0x12ec/0x1550",
            "CPU: 1 PID: 21341 Comm: syz-executor0 Not tainted 4.16.0+ #294",
            "Call Trace:",
            " dump_stack+0x63/0x90",
            " panic+0xe4/0x22d",
            " __stack_chk_fail+0x1b/0x20",
            " br_dev_xmit+0x12ec/0x1550"));
        Assert.Equal("kernel panic: stack is corrupted in br_dev_xmit", named.Title);
    }

    [Theory]
    [InlineData("802e62f8", true)]
    [InlineData("ffffffffc0c88942", true)]
    [InlineData("0xffffffffc0c88942", true)]
    [InlineData("0x0", true)]
    [InlineData("br_dev_xmit", false)]
    [InlineData("deadbeef_fn", false)]
    [InlineData("abc", false)]
    [InlineData("0x", false)]
    [InlineData("802e62f8a", false)]
    public void Pointer_text_is_recognized(string text, bool isAddress) =>
        Assert.Equal(isAddress, SolWatch.Parsers.Detection.Rules.RuleCatalog.IsPointerText(text));

    [Fact]
    public void A_panic_printed_on_a_shell_prompts_line_is_a_panic()
    {
        // The console is shared: the kernel's line starts where the shell's prompt left the cursor (no printk time).
        List<CrashReport> reports = Scan(
            "root@witherspoon:~# obmcutil poweron\n" +
            "root@witherspoon:~# Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: 802e62f8\n" +
            "\n" +
            "CPU: 0 PID: 887 Comm: ucd_disable_vcs Not tainted 4.7.10 #1\n" +
            "[<8016d06c>] (panic) from [<80110df4>] (__stack_chk_fail+0x10/0x14)\n" +
            "[<80110df4>] (__stack_chk_fail) from [<802e62f8>] (i2c_smbus_xfer+0x508/0x54c)\n" +
            "Rebooting in 1 seconds..\n");
        CrashReport r = Assert.Single(reports);
        Assert.Equal("kernel panic: stack is corrupted in i2c_smbus_xfer", r.Title);
        Assert.True(r.Panicked);
    }

    [Fact]
    public void A_panic_quoted_after_other_text_is_still_no_panic()
    {
        Assert.Empty(Scan("echo $ Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n" +
                          "abrt[1]: root@host:~# Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n"));
    }

    [Theory]
    [InlineData("root@witherspoon:~# Kernel", true)]
    [InlineData("pi@raspberrypi:/var/log$ Kernel", true)]
    [InlineData("[root@centos7 ~]# Kernel", true)]
    [InlineData("admin@str-s6000-acs-9:~$ Kernel", true)]
    [InlineData("echo $ Kernel", false)]
    [InlineData("abrt[1]: root@host:~# Kernel", false)]
    [InlineData("root@host:~#Kernel", false)]
    [InlineData("# Kernel", false)]
    public void Shell_prompts_before_a_header_are_recognized(string text, bool prompt) =>
        Assert.Equal(prompt, SolWatch.Parsers.Detection.ShellPrompt.EndsAt(text, text.IndexOf("Kernel", StringComparison.Ordinal)));

    [Fact]
    public void A_2_6_0_bad_scheduling_while_atomic_is_the_scheduling_while_atomic_report()
    {
        // kernel/sched.c of 2.5.x-2.6.9 printed "bad: scheduling while atomic!" and dump_stack(), no task and no "BUG: ";
        // frames named like "schedule" are skipped, as for the later form.
        CrashReport r = Single(Console(
            "pnp: Device 01:01.03 activated.",
            "bad: scheduling while atomic!",
            "Call Trace:",
            "  [<c011637d>] schedule+0x57d/0x5a0",
            "  [<c0121778>] schedule_timeout+0x58/0xc0",
            "  [<c02565f5>] snd_ad1848_mce_down+0xf5/0x1c0",
            "  [<c0257175>] snd_ad1848_probe+0x115/0x280",
            "  [<c01d554b>] card_probe+0x4b/0xa0",
            "",
            "error in initcall at 0xc038da00: returned with preemption imbalance"));
        Assert.Equal(CrashKind.AtomicContext, r.Kind);
        Assert.Equal("BUG: scheduling while atomic in snd_ad1848_mce_down", r.Title);
    }

    [Fact]
    public void A_2_6_panic_line_behind_a_literal_level_after_an_arm_oops_marks_it_panicked()
    {
        // 2.6.x vprintk() reads "<N>" only at a line's start: panic()'s KERN_EMERG line after an open one prints " <0>Kernel
        // panic - not syncing: …", which opens no report of its own but is the oops's panic.
        CrashReport r = Single(Console(
            "Unhandled fault: alignment exception (0xc0207003) at 0x0000015b",
            "Internal error: : c0207003 [#1]",
            "Modules linked in:",
            "CPU: 0",
            "PC is at get_page_from_freelist+0x1c/0x3d8",
            "LR is at __alloc_pages+0x5c/0x2ac",
            "Backtrace:",
            "[<c025731c>] (get_page_from_freelist+0x0/0x3d8) from [<c0257750>] (__alloc_pages+0x5c/0x2ac)",
            "[<c02576f4>] (__alloc_pages+0x0/0x2ac) from [<c0269fb4>] (cache_alloc_refill+0x294/0x548)",
            "Code: e24dd01c e50b2034 e5922000 e50b002c (e5920150)",
            " <0>Kernel panic - not syncing: Attempted to kill the idle task!"));
        Assert.Equal("Unhandled fault in get_page_from_freelist", r.Title);
        Assert.True(r.Panicked);
    }

    [Fact]
    public void A_2_6_37_list_del_warning_is_a_corrupted_list()
    {
        // Up to 2.6.37 lib/list_debug.c defined list_del() itself, so its WARN() names list_del, not __list_del_entry.
        CrashReport r = Single(Console(
            "WARNING: at lib/list_debug.c:57 list_del+0xc0/0xed()",
            "Hardware name: Bochs",
            "list_del corruption. next->prev should be ffffea000010cde0, but was ffff88007cff6bc8",
            "Modules linked in:",
            "Pid: 524, comm: kswapd0 Not tainted 2.6.37-josef+ #180",
            "Call Trace:",
            " [<ffffffff8106ec94>] warn_slowpath_common+0x85/0x9d",
            " [<ffffffff8106ed4f>] warn_slowpath_fmt+0x46/0x48",
            " [<ffffffff81263d6c>] list_del+0xc0/0xed",
            " [<ffffffff81106d9d>] migrate_pages+0x26f/0x357",
            " [<ffffffff8110150d>] compact_zone+0x391/0x5c4",
            "---[ end trace 5c6b7933d16b301f ]---"));
        Assert.Equal(CrashKind.Corruption, r.Kind);
        Assert.Equal("BUG: corrupted list in migrate_pages", r.Title);
    }

    [Fact]
    public void A_powerpc_watchdog_naming_the_stuck_cpu_and_that_cpus_report_are_one_hard_lockup()
    {
        // arch/powerpc/kernel/watchdog.c (4.13-4.x) watchdog_smp_panic(): "Watchdog CPU:%d detected Hard LOCKUP other CPUS:%*pbl",
        // then each stuck CPU's NMI IPI handler wd_lockup_ipi(): "Watchdog CPU:%d Hard LOCKUP", print_modules(), show_regs().
        CrashReport r = Single(Console(
            "Watchdog CPU:71 detected Hard LOCKUP other CPUS:42",
            "Watchdog CPU:42 Hard LOCKUP",
            "Modules linked in: ibmpowernv vmx_crypto",
            "CPU: 42 PID: 3391 Comm: a.out Not tainted 4.15.0-15-generic #16-Ubuntu",
            "NIP:  c0000000001d5364 LR: c0000000001d5340 CTR: c000000000acd200",
            "REGS: c000000007da3d80 TRAP: 0100   Not tainted  (4.15.0-15-generic)",
            "NIP [c0000000001d5364] smp_call_function_many+0x334/0x450",
            "LR [c0000000001d5340] smp_call_function_many+0x310/0x450",
            "Call Trace:",
            "[c000200dc242f360] [c0000000001d5340] smp_call_function_many+0x310/0x450 (unreliable)",
            "[c000200dc242f3f0] [c000000000075f18] pmdp_invalidate+0x98/0xe0",
            "[c000200dc242f420] [c0000000003a1120] change_huge_pmd+0xe0/0x270",
            "Instruction dump:",
            "7d2948f8 792907e0 2fa90000 419e0020 60000000 60000000 60000000 60420000"));
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.Equal("BUG: hard lockup in smp_call_function", r.Title);
        Assert.Equal("smp_call_function_many", r.Ip?.Function);
        Assert.Equal("a.out", r.Task?.Comm);
    }

    [Fact]
    public void A_5x_powerpc_watchdog_naming_several_stuck_cpus_is_one_report_titled_by_the_first_of_them()
    {
        // The same watchdog behind pr_fmt("watchdog: "): "CPU %d detected hard LOCKUP on other CPUs %*pbl" and its SMP heartbeat
        // line, then per stuck CPU "CPU %d Hard LOCKUP" and its heartbeat line before the registers.
        CrashReport r = Single(Console(
            "watchdog: CPU 3 detected hard LOCKUP on other CPUs 9-10",
            "watchdog: CPU 3 TB:997512652051031, last SMP heartbeat TB:997504470175378 (15980ms ago)",
            "watchdog: CPU 9 Hard LOCKUP",
            "watchdog: CPU 9 TB:997512652051031, last heartbeat TB:997504470175378 (15980ms ago)",
            "Modules linked in: ipmi_powernv",
            "CPU: 9 PID: 363 Comm: kworker/9:1 Not tainted 5.14.21-150400.24-default #1 SLE15-SP4",
            "NIP:  c000000000d02480 LR: c000000000151318 CTR: c000000000444d00",
            "NIP [c000000000d02480] _raw_spin_lock+0x30/0x70",
            "LR [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "Call Trace:",
            "[c000003fe35b7050] [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "[c000003fe35b70d0] [c00000000013d748] process_one_work+0x2b8/0x580",
            "watchdog: CPU 10 Hard LOCKUP",
            "watchdog: CPU 10 TB:997512652051031, last heartbeat TB:997504470175378 (15980ms ago)",
            "CPU: 10 PID: 0 Comm: swapper/10 Not tainted 5.14.21-150400.24-default #1 SLE15-SP4",
            "NIP [c0000000000bb9c8] power9_idle_type+0x78/0xa0",
            "Call Trace:",
            "[c0000000014c3d80] [c0000000009d3cb0] stop_loop+0x40/0x5c"));
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.Equal("BUG: hard lockup in try_to_wake_up", r.Title);
        Assert.Equal(9, r.Task?.Cpu);
    }

    [Fact]
    public void Two_powerpc_watchdog_reports_of_stuck_cpus_without_the_detecting_line_stay_two()
    {
        // Only watchdog_smp_panic()'s line says which reports follow; two wd_lockup_ipi() reports alone are not joined.
        List<CrashReport> reports = Scan(Console(
            "Watchdog CPU:9 Hard LOCKUP",
            "CPU: 9 PID: 63 Comm: watchdog/9 Tainted: G      D          4.15.0-33-generic #36-Ubuntu",
            "NIP [c000000000d02480] _raw_spin_lock+0x30/0x70",
            "Call Trace:",
            "[c000003fe35b7050] [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "Watchdog CPU:59 Hard LOCKUP",
            "CPU: 59 PID: 363 Comm: watchdog/59 Tainted: G      D          4.15.0-33-generic #36-Ubuntu",
            "NIP [c000000000d02480] _raw_spin_lock+0x30/0x70",
            "Call Trace:",
            "[c000003fe35b7050] [c000000000151318] try_to_wake_up+0x58/0x5f0"));
        Assert.Equal(2, reports.Count);
    }

    [Fact]
    public void A_slub_report_printed_without_track_stacks_takes_its_ip_from_the_allocated_in_line()
    {
        // mm/slub.c print_track() without CONFIG_STACKTRACE: "INFO: Allocated in %pS age=…" and "INFO: Freed in %pS age=…"
        // with no stack lines under them; %pS is the allocator's caller.
        CrashReport r = Single(Console(
            "=============================================================================",
            "BUG kmalloc-256 (Not tainted): Poison overwritten",
            "-----------------------------------------------------------------------------",
            "",
            "Disabling lock debugging due to kernel taint",
            "INFO: 0x0000000072ae8987-0x00000000a2dc6058 @offset=24068. First byte 0x8 instead of 0x6b",
            "INFO: Allocated in natflow_session_init+0xb6/0x170 [natflow] age=6 cpu=26 pid=0",
            "INFO: Freed in krealloc+0x77/0xb0 age=6 cpu=26 pid=0",
            "INFO: Slab 0x00000000fea9b965 objects=42 used=42 fp=0x0000000000000000 flags=0x4500000010200",
            "INFO: Object 0x000000001efe537f @offset=24064 fp=0x000000009297e97f"));
        Assert.Equal("BUG: Poison overwritten", r.Title);
        Assert.Equal("natflow_session_init", r.Ip?.Function);
        Assert.Equal("natflow", r.Ip?.Module);
    }

    [Fact]
    public void A_5_14_slub_report_without_the_info_prefix_and_without_stacks_takes_its_ip_from_the_allocated_in_line()
    {
        // Since 5.14 print_track() prints "Allocated in %pS age=%lu cpu=%u pid=%d" without "INFO: "; since 6.2 check_object()
        // reports the bytes past a kmalloc's requested size as "kmalloc Redzone" (slab_bug "%s overwritten").
        CrashReport r = Single(Console(
            "=============================================================================",
            "BUG kmalloc-128 (Not tainted): kmalloc Redzone overwritten",
            "-----------------------------------------------------------------------------",
            "",
            "0x81b18812-0x81b1881f @offset=2066. First byte 0x6b instead of 0xcc",
            "Allocated in usb_get_device_descriptor+0x2c/0x94 age=0 cpu=0 pid=154",
            "Freed in spi_mem_exec_op+0x364/0x3c4 age=0 cpu=0 pid=1",
            "Slab 0x807e1060 objects=10 used=6 fp=0x81b6b380 flags=0x800(slab|zone=0)"));
        Assert.Equal("BUG: kmalloc Redzone overwritten", r.Title);
        Assert.Equal(CrashKind.Corruption, r.Kind);
        Assert.Equal("usb_get_device_descriptor", r.Ip?.Function);
    }

    [Fact]
    public void A_slub_report_with_its_allocation_stack_keeps_the_first_frame_outside_the_allocator_as_ip()
    {
        // The stack lines after "INFO: Allocated in" are what the IP is read from, as before: an out-of-line kzalloc named
        // by the track line is allocator machinery, the frame after it is the caller.
        CrashReport r = Single(Console(
            "=============================================================================",
            "BUG kmalloc-64 (Not tainted): Poison overwritten",
            "-----------------------------------------------------------------------------",
            "",
            "INFO: 0xee4b7a68-0xee4b7a68. First byte 0x6c instead of 0x6b",
            "INFO: Allocated in kzalloc+0xb/0x10 age=625498 cpu=1 pid=3946",
            "\t__slab_alloc.constprop.74+0x3c1/0x3dc",
            "\t__kmalloc+0x13f/0x190",
            "\tkzalloc+0xb/0x10",
            "\tgeneric_alloc+0x2c/0x110",
            "\tsysenter_do_call+0x12/0x22"));
        Assert.Equal("generic_alloc", r.Ip?.Function);
    }

    [Fact]
    public void A_warning_without_file_and_line_is_read_as_a_warning()
    {
        // kernel/panic.c __warn() when report_bug() found no location (CONFIG_DEBUG_BUGVERBOSE=n): "WARNING: CPU: %d PID: %d at %pS".
        CrashReport r = Single(Console(
            "------------[ cut here ]------------",
            "NETDEV WATCHDOG: eth0 (igb): transmit queue 0 timed out 5120 ms",
            "WARNING: CPU: 1 PID: 0 at dev_watchdog+0x220/0x230",
            "Modules linked in: igb",
            "CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.6.66 #0",
            "RIP: 0010:dev_watchdog+0x220/0x230",
            "Call Trace:",
            " <IRQ>",
            " ? __warn+0x7d/0x130",
            " ? dev_watchdog+0x220/0x230",
            " call_timer_fn+0x24/0x120",
            " __run_timers+0x1f8/0x2b0",
            " </IRQ>",
            "---[ end trace 0000000000000000 ]---"));
        Assert.Equal(CrashKind.Warning, r.Kind);
        Assert.Equal("WARNING in dev_watchdog", r.Title);
        Assert.Equal("dev_watchdog", r.Ip?.Function);
    }

    [Fact]
    public void A_list_check_warning_without_file_and_line_is_a_corrupted_list()
    {
        // 6.6+ lib/list_debug.c __list_del_entry_valid_or_report() through the same location-less __warn().
        CrashReport r = Single(Console(
            "------------[ cut here ]------------",
            "list_del corruption. next->prev should be ffff8881a61b8db8, but was ffff888100161ab8. (next=ffff8881d2c0a000)",
            "WARNING: CPU: 0 PID: 5146 at __list_del_entry_valid_or_report+0xd7/0xe0",
            "Modules linked in: nf_conntrack",
            "CPU: 0 PID: 5146 Comm: dockerd Tainted: G S      W  O       6.6.66 #0",
            "RIP: 0010:__list_del_entry_valid_or_report+0xd7/0xe0",
            "Call Trace:",
            " <TASK>",
            " ? __warn+0x7d/0x130",
            " nf_ct_delete_from_lists+0x68/0x1a0 [nf_conntrack]",
            " nf_ct_delete+0x50/0x200 [nf_conntrack]",
            " </TASK>",
            "---[ end trace 0000000000000000 ]---"));
        Assert.Equal(CrashKind.Corruption, r.Kind);
        Assert.Equal("BUG: corrupted list in nf_ct_delete_from_lists", r.Title);
    }

    [Fact]
    public void A_list_debug_warning_that_names_another_caller_and_a_build_path_is_a_corrupted_list()
    {
        // Debian 4.8-4.9 kept the absolute build path in __FILE__; the function %pS printed is not a list check's.
        CrashReport r = Single(Console(
            "WARNING: CPU: 4 PID: 0 at /build/linux-8fxPc5/linux-4.9.6/lib/list_debug.c:62 netflow_target+0x68f/0xfd0 [ipt_NETFLOW]",
            "list_del corruption. next->prev should be ffff92e8ae4f58f0, but was ffffffffc0633428",
            "CPU: 4 PID: 0 Comm: swapper/4 Tainted: G           OE   4.9.0-1-amd64 #1 Debian 4.9.6-3",
            "Call Trace:",
            " <IRQ> ",
            " [<ffffffffb0128e34>] ? dump_stack+0x5c/0x78",
            " [<ffffffffafe76dde>] ? __warn+0xbe/0xe0",
            " [<ffffffffafe76e5f>] warn_slowpath_fmt+0x5f/0x80",
            " [<ffffffffc06334a7>] netflow_target+0x68f/0xfd0 [ipt_NETFLOW]",
            " [<ffffffffb0420a52>] ipt_do_table+0x2f2/0x640",
            "---[ end trace 3d5f8a6b1e2c4f70 ]---"));
        Assert.Equal(CrashKind.Corruption, r.Kind);
        Assert.Equal("BUG: corrupted list in netflow_target", r.Title);
    }

    [Fact]
    public void A_warning_whose_file_and_line_a_log_tool_masked_is_read_from_the_function_that_ends_the_line()
    {
        // __warn() prints "at %s:%d %pS"; hw-probe's anonymizer turned "mc/mc-entity.c:667" into X's, so the location no
        // longer reads as FILE:LINE. The location is one blank-free word and the %pS still ends the line.
        CrashReport r = Single(Console(
            "------------[ cut here ]------------",
            "WARNING: CPU: 3 PID: 638 at drivers/media/XXXXXXXXXXXXXXXXXX media_create_pad_link+0x172/0x1a0 [mc]",
            "Modules linked in: uvcvideo(+) videodev mc",
            "CPU: 3 PID: 638 Comm: systemd-udevd Not tainted 5.11.22-100.fc32.x86_64 #1",
            "RIP: 0010:media_create_pad_link+0x172/0x1a0 [mc]",
            "Call Trace:",
            " uvc_mc_register_entities+0x20b/0x2a3 [uvcvideo]",
            " uvc_probe.cold+0x97d/0xbf4 [uvcvideo]",
            " usb_probe_interface+0xe2/0x2a0",
            "---[ end trace 115b827a078530fb ]---"));
        Assert.Equal(CrashKind.Warning, r.Kind);
        Assert.Equal("WARNING in media_create_pad_link", r.Title);
        Assert.Equal("media_create_pad_link", r.Ip?.Function);
    }

    [Fact]
    public void A_masked_location_without_the_function_and_offset_at_the_end_of_the_line_is_no_warning()
    {
        // Only one word may stand between " at " and the %pS, and the %pS (FUNC+0xOFF/0xSIZE, maybe " [module]") must end the line.
        Assert.Empty(Scan(Console(
            "WARNING: CPU: 0 PID: 1 at two words foo_bar+0x10/0x20",
            "WARNING: CPU: 0 PID: 1 at XXXXXXXX foo_bar+0x10/0x20 was seen twice",
            "WARNING: CPU: 0 PID: 1 at XXXXXXXX foo_bar+0x10")));
    }

    [Fact]
    public void A_warning_word_in_ordinary_text_is_no_location_less_warning()
    {
        // The location-less form needs "CPU: N PID: N at FUNC+0x…": other words after "at" are not a WARN().
        Assert.Empty(Scan(Console(
            "WARNING: CPU: 0 PID: 1 at boot time the firmware reported no microcode",
            "WARNING: CPU: 2 PID: 812 at 0xffffffffc0a01234")));
    }

    // Lines as published, with no printk time added (a wrap's rest has none of its own).
    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    [Fact]
    public void A_paging_request_header_a_mailer_wrapped_after_kernel_is_read_whole_with_its_wrapped_ip()
    {
        // show_fault_oops() prints "BUG: unable to handle kernel paging request at %p" and "IP: %pS" in one record each;
        // the mail wrapped both at a blank, leaving the syslog-prefixed "… kernel" and "IP:" and untimed rests.
        CrashReport r = Single(Lines(
            "Jun 26 04:25:00 v01d kernel: [ 2087.161111] BUG: unable to handle kernel",
            "paging request at 0000000715a42801",
            "Jun 26 04:25:00 v01d kernel: [ 2087.165144] IP:",
            "__kmalloc_node_track_caller+0x17f/0x2a0",
            "Jun 26 04:25:00 v01d kernel: [ 2087.168627] PGD 0",
            "Jun 26 04:25:00 v01d kernel: [ 2087.175218] Oops: 0000 [#2] SMP",
            "Jun 26 04:25:00 v01d kernel: [ 2087.178284] Modules linked in: ipt_REJECT"));
        Assert.Equal("BUG: unable to handle kernel paging request in corrupted", r.Title);
        Assert.Equal("__kmalloc_node_track_caller", r.Ip?.Function);
    }

    [Fact]
    public void A_terminal_cut_inside_the_paging_request_word_is_joined_without_a_blank()
    {
        CrashReport r = Single(Lines(
            "[   42.000001] BUG: unable to handle kernel pa",
            "ging request at ffffc90000a7a000",
            "[   42.000002] IP: lab_paging+0x5/0x20 [labcrash]",
            "[   42.000003] Oops: 0002 [#1] SMP PTI",
            "[   42.000004] Call Trace:",
            "[   42.000005]  lab_write+0x30/0x50 [labcrash]",
            "[   42.000006]  vfs_write+0xb9/0x1a0",
            "[   42.000007] ---[ end trace 0000000000000001 ]---"));
        Assert.Equal("BUG: unable to handle kernel paging request in lab_paging", r.Title);
    }

    [Fact]
    public void A_cut_paging_request_header_whose_next_line_does_not_complete_it_stays_cut()
    {
        // Prose after the cut header is no part of the kernel's message: the report stays the cut one, corrupted.
        CrashReport r = Single(Lines(
            "Jun 26 04:25:00 v01d kernel: [ 2087.161111] BUG: unable to handle kernel",
            "see the attached log for the rest",
            "Jun 26 04:25:00 v01d kernel: [ 2087.175218] Oops: 0000 [#2] SMP"));
        Assert.Equal("BUG: unable to handle kernel", r.Title);
        Assert.True(r.Corrupted);
    }

    [Fact]
    public void An_s390_psw_whose_symbol_a_mailer_moved_to_an_untimed_line_names_the_instruction_pointer()
    {
        // show_registers() prints "Krnl PSW : %p %p" and continues the line with " (%pSR)": a line that ends after the two
        // words was cut, and the parenthesised symbol on the next, untimed line is its rest.
        CrashReport r = Single(Lines(
            "[  215.671885] ------------[ cut here ]------------",
            "[  215.671893] WARNING: CPU: 10 PID: 6210 at drivers/vfio/vfio_iommu_type1.c:1204 vfio_remove_dma+0xda/0xf0 [vfio_iommu_type1]",
            "[  215.671946] CPU: 10 UID: 107 PID: 6210 Comm: qemu-system-s39 Not tainted 6.16.0-rc7 #79 NONE",
            "[  215.671951] Krnl PSW : 0704c00180000000 000002482f7ee55e",
            "           (vfio_remove_dma+0xde/0xf0 [vfio_iommu_type1])",
            "[  215.671956]            R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3",
            "[  215.672006] Call Trace:",
            "[  215.672008]  [<000002482f7ee55e>] vfio_remove_dma+0xde/0xf0 [vfio_iommu_type1]",
            "[  215.672013]  [<000002482f7f03de>] vfio_iommu_type1_detach_group+0x3de/0x5f0 [vfio_iommu_type1]",
            "[  215.672062] ---[ end trace 0000000000000000 ]---"));
        Assert.Equal(CrashKind.Warning, r.Kind);
        Assert.Equal("vfio_remove_dma", r.Ip?.Function);
        Assert.Equal(0xdeL, r.Ip?.Offset);
    }

    [Fact]
    public void Only_an_instruction_pointer_label_with_nothing_after_it_is_a_cut_ip_line_and_only_a_symbol_its_rest()
    {
        Assert.True(SplitInstructionPointer.EndsAtLabel("IP:"));
        Assert.True(SplitInstructionPointer.EndsAtLabel("RIP: 0010:"));
        Assert.True(SplitInstructionPointer.EndsAtLabel("Krnl PSW : 0704d00180000000 0000024ec0dae0e4"));
        Assert.False(SplitInstructionPointer.EndsAtLabel("RIP: 0010:lab_null+0x5/0x20"));
        Assert.False(SplitInstructionPointer.EndsAtLabel("IP: [<ffffffff811c8681>] file_free_rcu+0x11/0x40"));
        Assert.False(SplitInstructionPointer.EndsAtLabel("Krnl PSW : 0704d00180000000 0000024ec0dae0e4 (f+0x1/0x2)"));
        Assert.True(SplitInstructionPointer.StartsWithSymbol("__kmalloc_node_track_caller+0x17f/0x2a0 RSP: ffffa129031a3a50", psw: false));
        Assert.True(SplitInstructionPointer.StartsWithSymbol("           (release_mem_region_adjustable+0x214/0x280)", psw: true));
        Assert.False(SplitInstructionPointer.StartsWithSymbol("Code: Bad RIP value.", psw: false));
        Assert.False(SplitInstructionPointer.StartsWithSymbol("release_mem_region_adjustable+0x214/0x280", psw: true));
        Assert.False(SplitInstructionPointer.StartsWithSymbol("see the attached log", psw: false));
    }
}
