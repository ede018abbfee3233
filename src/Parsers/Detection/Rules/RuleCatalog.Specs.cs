namespace SolWatch.Parsers.Detection.Rules;

/// <summary>How the rules with an unusual report layout find their guilty frame.</summary>
internal static partial class RuleCatalog
{
    /// <summary>
    /// <c>BUG: Bad page state</c> (mm/page_alloc.c bad_page): whoever allocated the page, as page_owner recorded it (the stack
    /// after "page last allocated via", allocator frames skipped). The stack of bad_page() itself only shows who freed the page
    /// last, not the bug: without page_owner the title is "corrupted", as the kernel community names it.
    /// </summary>
    /// <summary>KFENCE's line that opens the access's stack: "Use-after-free read at 0x… (in kfence-#52):", "Corrupted memory
    /// at 0x… [ ! . . ] (in kfence-#97):" (mm/kfence/report.c; early versions without the object number).</summary>
    private static bool IsKfenceAccessLine(ReadOnlySpan<char> line) =>
        line.Contains("(in kfence-#", StringComparison.Ordinal)
        || (line.Contains(" at 0x", StringComparison.Ordinal) && line.TrimEnd().EndsWith(':'));

    /// <summary>A Rust panic: the call trace of the BUG() that follows, demangled, panic machinery left out.</summary>
    private static StackSpec RustPanic() =>
        StackSpec.TraceOnly("rust_begin_unwind", "rust_helper_BUG") with { Picker = FramePicker.Rust };

    private static StackSpec BadPageState() =>
        new([new FramePart.Marker("page last allocated via"), FramePart.Trace])
        {
            Skip =
            [
                "page_owner", "alloc_hook", "prep_new_page", "check_new_page", "get_page_from_freelist", "rmqueue", "alloc_pages",
                "alloc_frozen_pages", "folio_alloc", "alloc_folio", "slab", "__filemap_get_folio", "pagecache_get_page",
            ],
        };
}
