using Pidgin;
using SolWatch.Parsers.Grammar;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Grammar;

/// <summary>
/// The fast paths promise to answer only where the grammar would answer the same. Checked on every distinct line of
/// the shared syzkaller corpus, the lab's captures and a set of hand-picked odd shapes.
/// </summary>
public class FastPathTests
{
    public static TheoryData<string> OddShapes =>
    [
        " ? do_syscall_64+0x35/0x80 [ext4]",
        "__switch_to (/home/u/linux/arch/arm64/kernel/process.c:740) (T)", // decoded, then 6.14+'s frame marker
        "el0t_64_sync (arch/arm64/kernel/entry.S:600) (C)",
        " [<ffffffff81234567>] ? vfs_write+0x1a/0x30",
        " [<  (null)>]   (null)",
        "[<        (ptrval)>] walk_stackframe+0x0/0xa2",
        "[<(____ptrval____)>] keystone_finalize_enclave+0x14/0xe4 [keystone_driver]",
        "[<(ptrval)>] show_stack+0x26/0x34",
        "[<        (ptrval)>]",
        "[<  (ptrvalue)>] func+0x1/0x2",
        "[c0000000eff4fb40] [c000000000123456] .func+0x1c/0x20 (unreliable)",
        "[<c0123456>] (func+0x1c/0x20) from [<c0654321>] (caller+0x10/0x20)",
        " ([<000000000011d6be>] show_trace+0x8e/0xe0)",
        " func+0x1/0x2abcxyz",
        " func+0x1/0x2[ext4]",
        " func+0x1/0x2 [ext4",
        " func+0x1/0x2 []",
        " func+0x1/0x2\t[ext4]",
        " func+0x1/2",
        " func+0x1/",
        " func+0xffffffffffffffffff/0x20",
        " func+0xffffffffffffffff/0x8000000000000000",
        " func+0x00000000000000000001/0x10000000000000000",
        " func+0xABCDEF/0xabcdef",
        "\t? func+0x1/0x2",
        "?func+0x1/0x2",
        "(ptrval): ffffffff8150352d (put_cred_rcu+0x2bd/0x460)",
        " #0: ffffffff899a4320 (rtnl_mutex){+.+.}, at: rtnl_lock+0x17/0x20",
        "softirqs last disabled at (13753): [<ffffffff88000f0f>] asm_call_on_stack+0xf/0x20",
        " __dump_stack lib/dump_stack.c:77 [inline]",
        " __dump_stack lib/dump_stack.c:77",
        " __dump_stack lib/dump_stack.c: [inline]",
        "kernel_init (init/main.c:1501)",
        "do_one_initcall (./include/linux/jump_label.h:261 ./include/linux/jump_label.h:271 init/main.c:1296)",
        "test_bitmap_init (lib/test_bitmap.c:883  lib/test_bitmap.c:889)",
        "test_bitmap_init (lib/test_bitmap.c:883 lib/test_bitmap.c)",
        "test_bitmap_init (lib/test_bitmap.c:883 )",
        "audit (1:2)",
        "[<80ebd088>] (gic_handle_irq) from [<80100b30>] (__irq_svc+0x70/0xb0)",
        "[<80ebd088>] (gic_handle_irq)from",
        " (&ctx->mutex){+.+.}, at: [<00000000546c47e1>] perf_event_ctx_lock_nested+0x21b/0x450",
        " ((work_completion)(&m->wq)){+.+.}, at: process_one_work+0xb9b/0x1aa0",
        "func",
        "func+",
        " <IRQ>",
        "RIP: 0010:lab_null+0x5/0x20 [labcrash]",
        "RIP: 0033:0x47b7a0",
        "RIP: 0033:0x47b7a0 ",
        "RIP: 0033:0x",
        "RIP: 0033:0",
        "RIP: 0010:deadbeef",
        "FS:  0000000000000000(0000) GS:ffff88807ec00000(0000) knlGS:0000000000000000",
        "RAX: 0000 RBX: 0000   ",
        "RAX: 0000 RBX: 0000 ?",
        "RIP: 0010:[<ffffffff81>]  [<ffffffff81>] f+0x1/0x2",
        "RIP: 0010:cafe+0x1/0x2",
        "RIP: 00100:f+0x1/0x2",
        "pc : f+0x1c/0x20 [mod]",
        "epc : ffffffff80001234",
        "EIP: f+0x1/0x2",
        "Krnl PSW : 0704c00180000000 000000000011d6be (f+0x1e/0x30 [mod])",
        "RAX: 0000000000000000 RBX: ffff8880053597e0 RCX: c0000000ffffefff",
        "RSP: 0018:ffffc90000593b80 EFLAGS: 00000246",
        "RAX: 0000 RBX: 00",
        "RAX: 0000 RBX 0000",
        "RAX: 0000zz",
        "RAXRAXRAX: 0000",
        "Code: 48 89 e5",
        " sp : ffff80000a0f3c70",
        "CPU: 0 PID: 91 Comm: sh Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2",
        "CPU: 1 UID: 0 PID: 5837 Comm: syz-executor Not tainted 6.12.0-rc1-syzkaller #0",
        "CPU: 1 UID: x PID: 5837 Comm: syz-executor Not tainted 6.12.0-rc1-syzkaller #0",
        "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1 Kdump: loaded",
        "CPU: 6 PID: 60182 Comm: stress_client Kdump: loaded Not tainted 4.18.0-541.el8.s390x #1",
        "CPU: 6 PID: 1 Comm: x Kdump: loaded Tainted: G W 4.18.0",
        "CPU: 6 PID: 1 Comm: x Kdump: loade 4.18.0",
        "CPU: 0 PID: 2 Comm: d Kdump: loaded Tainted: G        W  OE K------------   3.10.0-862.el7.x86_64 #1",
        "CPU: 0 PID: 2 Comm: d Tainted: G -W- 3.10.0",
        "CPU: 0 PID: 1 Comm: x",
        "CPU: 0 PID: 1 Comm:\tx Tainted: G W 6.1",
        "CPU: 99999999999 PID: 1 Comm: x 6.1",
        "Pid: 1, comm: swapper Not tainted 2.6.32 #1",
    ];

    [PeerFact(Peers.SharedCorpus)]
    public void The_corpora_give_the_fast_paths_something_to_read()
    {
        IReadOnlyList<string> texts = CorpusTexts.All;
        Assert.True(texts.Count > 10_000, $"only {texts.Count} lines");
        Assert.True(texts.Count(t => FrameFastPath.TryRead(t, out _) == FastPathOutcome.Read) > 5_000);
        Assert.True(texts.Count(t => RegisterFastPath.TryRead(t, null) == FastPathOutcome.Read) > 1_000);
        Assert.True(texts.Count(t => InstructionPointerFastPath.TryRead(t, out _) == FastPathOutcome.Read) > 100);
        Assert.True(texts.Count(t => TaskLineFastPath.TryRead(t, out _) == FastPathOutcome.Read) > 100);
    }

    [PeerFact(Peers.SharedCorpus)]
    public void Every_corpus_line_the_frame_fast_path_reads_parses_the_same_with_the_grammar() =>
        AssertAll(CorpusTexts.All, FrameAgrees);

    [PeerFact(Peers.SharedCorpus)]
    public void Every_corpus_line_the_register_fast_path_decides_the_grammar_decides_the_same_way() =>
        AssertAll(CorpusTexts.All, RegistersAgree);

    [PeerFact(Peers.SharedCorpus)]
    public void Every_corpus_line_the_instruction_pointer_fast_path_reads_parses_the_same_with_the_grammar() =>
        AssertAll(CorpusTexts.All, InstructionPointerAgrees);

    [PeerFact(Peers.SharedCorpus)]
    public void Every_corpus_line_the_task_line_fast_path_reads_parses_the_same_with_the_grammar() =>
        AssertAll(CorpusTexts.All, TaskLineAgrees);

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Odd_shapes_get_the_grammars_answer_or_none_from_the_fast_paths(string text)
    {
        Assert.Null(FrameAgrees(text));
        Assert.Null(RegistersAgree(text));
        Assert.Null(InstructionPointerAgrees(text));
        Assert.Null(TaskLineAgrees(text));
    }

    [Fact]
    public void A_register_line_that_goes_wrong_half_way_leaves_no_pairs_behind()
    {
        var pairs = new List<KeyValuePair<string, string>> { new("X", "1234") };
        Assert.Equal(FastPathOutcome.NotThisFamily, RegisterFastPath.TryRead("RAX: 0000 RBX: 00", pairs));
        Assert.Single(pairs);
    }

    private static string? FrameAgrees(string text)
    {
        FastPathOutcome outcome = FrameFastPath.TryRead(text, out ParsedFrame fast);
        if (outcome == FastPathOutcome.Unsure)
        {
            return null;
        }
        Result<char, ParsedFrame> slow = FrameGrammar.Line.Parse(text);
        bool agree = outcome == FastPathOutcome.Read ? slow.Success && slow.Value == fast : !slow.Success;
        return agree ? null : $"frame: fast {outcome} {fast}, grammar {Describe(slow)}";
    }

    private static string? RegistersAgree(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        FastPathOutcome outcome = RegisterFastPath.TryRead(text, pairs);
        if (outcome == FastPathOutcome.Unsure)
        {
            return pairs.Count == 0 ? null : "registers: pairs left behind by an unsure read";
        }
        Result<char, IEnumerable<KeyValuePair<string, string>>> slow = RegisterGrammar.Line.Parse(text);
        bool agree = outcome == FastPathOutcome.Read ? slow.Success && slow.Value.SequenceEqual(pairs) : !slow.Success && pairs.Count == 0;
        return agree ? null : $"registers: fast {outcome} [{string.Join(", ", pairs)}], grammar {(slow.Success ? string.Join(", ", slow.Value) : "no")}";
    }

    private static string? InstructionPointerAgrees(string text)
    {
        if (InstructionPointerFastPath.TryRead(text, out ParsedInstructionPointer fast) == FastPathOutcome.Unsure)
        {
            return null;
        }
        Result<char, ParsedInstructionPointer> slow = InstructionPointerGrammar.Line.Parse(text);
        return slow.Success && slow.Value == fast ? null : $"ip: fast {fast}, grammar {Describe(slow)}";
    }

    private static string? TaskLineAgrees(string text)
    {
        if (TaskLineFastPath.TryRead(text, out ParsedTask fast) == FastPathOutcome.Unsure)
        {
            return null;
        }
        Result<char, ParsedTask> slow = TaskLineGrammar.Line.Parse(text);
        return slow.Success && slow.Value == fast ? null : $"task: fast {fast}, grammar {Describe(slow)}";
    }

    private static string Describe<T>(Result<char, T> r) => r.Success ? r.Value?.ToString() ?? "null" : "no parse";

    private static void AssertAll(IReadOnlyList<string> texts, Func<string, string?> agrees)
    {
        List<string> disagreements = texts.Select(t => agrees(t) is { } d ? $"{t}\n    {d}" : null).OfType<string>().Take(10).ToList();
        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }
}
