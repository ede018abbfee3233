using SolWatch.Parsers.Detection;

namespace SolWatch.Parsers.Tests.Unseen;

/// <summary>Rust symbols in kernel stack traces, demangled as a person reads them (RFC 2603 v0, and the legacy scheme).</summary>
public class RustSymbolTests
{
    [Theory]
    [InlineData("_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref", "<rust_binder::process::Process>::update_ref")]
    [InlineData("_RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap",
        "<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap")]
    [InlineData("_RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt", "core::panicking::panic_fmt")]
    [InlineData("_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind", "__rustc::rust_begin_unwind")]
    [InlineData("_RINvNtCs1234_4core3ptr13drop_in_placeNtCs5678_6kernel5ErrorEB4_", "core::ptr::drop_in_place::<kernel::Error>")]
    [InlineData("_ZN6kernel5alloc8allocate17h0123456789abcdefE", "kernel::alloc::allocate")]
    public void A_mangled_rust_symbol_reads_as_its_path(string mangled, string path) =>
        Assert.Equal(path, RustSymbol.Demangle(mangled));

    [Theory]
    [InlineData("do_syscall_64")]
    [InlineData("_R")]
    [InlineData("_RNvB_3foo")]
    [InlineData("_RNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNvNv")]
    [InlineData("_RNvC99999999999999999999999foo")]
    [InlineData("_ZN3foo")]
    public void Anything_else_gives_no_path_and_never_throws(string symbol) =>
        Assert.Null(RustSymbol.Demangle(symbol));
}
