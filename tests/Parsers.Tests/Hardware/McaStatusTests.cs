using SolWatch.Parsers.Hardware;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>MCi_STATUS as the SDM (vol. 3B 15.3.2.2, table 15-6) and mce/severity.c grade it.</summary>
public class McaStatusTests
{
    [Theory]
    // Corrected: UC clear (sb_edac's scrub error; OVER alone does not make it worse).
    [InlineData(0x8c00004f000800c2UL, false, HardwareSeverity.Corrected)]
    [InlineData(0xcc00418000010091UL, false, HardwareSeverity.Corrected)]
    // UC and PCC: processor context corrupt (the WSL panic's bank 0).
    [InlineData(0xb200000080060001UL, false, HardwareSeverity.Fatal)]
    // UC without PCC, S and AR set: SRAR, recoverable by killing the task (the DCU load error of mcelog issue 74).
    [InlineData(0xbd80000000100134UL, false, HardwareSeverity.UncorrectedRecoverable)]
    // UC with OVER and PCC (mcelog issue 73): processor context corrupt.
    [InlineData(0xfa00000000400405UL, false, HardwareSeverity.Fatal)]
    // Intel UC with OVER, PCC, S and AR clear: severity.c "ignore OVER for UCNA", found by CMCI or polling (the
    // Cascade Lake skx copy of round 7); an SRAO with OVER is "Action optional with lost events"; an SRAR with OVER is
    // "Action required with lost events", a panic.
    [InlineData(0xfc00010001010092UL, false, HardwareSeverity.UncorrectedRecoverable)]
    [InlineData(0xfd0000000000017aUL, false, HardwareSeverity.UncorrectedRecoverable)]
    [InlineData(0xfd80000000100134UL, false, HardwareSeverity.Fatal)]
    // AMD UC with OVER: mce_severity_amd panics when an error was lost (no overflow_recov), PCC or not.
    [InlineData(0xf400000000000000UL, true, HardwareSeverity.Fatal)]
    // AMD Deferred (bit 44) with UC clear: deferred; on Intel that bit is model-specific and means nothing here.
    [InlineData(0x9c00100000000000UL, true, HardwareSeverity.Deferred)]
    [InlineData(0x9c00100000000000UL, false, HardwareSeverity.Corrected)]
    // VAL clear: no error in the register.
    [InlineData(0x0000000000000000UL, false, HardwareSeverity.Unknown)]
    public void The_status_bits_grade_the_error(ulong raw, bool amd, HardwareSeverity expected)
    {
        Assert.Equal(expected, new McaStatus(raw).Severity(amd));
    }

    [Fact]
    public void The_bits_are_named_as_mcelog_names_them()
    {
        // mcelog's decode of STATUS fa00000000400405 (mcelog issue 73): overflow, uncorrected, enabled, MISC valid, PCC.
        Assert.Equal(
            ["Error overflow", "Uncorrected error", "Error enabled", "MCi_MISC register valid", "Processor context corrupt"],
            new McaStatus(0xfa00000000400405UL).Names());
    }

    [Theory]
    [InlineData(0x0000000000000000UL)]
    [InlineData(0x2000000000000000UL)] // enabled, but no valid error
    public void A_status_without_a_valid_error_names_no_bits(ulong raw) =>
        Assert.Empty(new McaStatus(raw).Names());

    [Theory]
    [InlineData(0x9c00004001010090UL, true)]  // MEMORY CONTROLLER RD_CHANNEL0_ERR (mcelog's decode)
    [InlineData(0x90000040000f0005UL, false)] // Internal parity error
    public void A_memory_controller_error_is_told_by_its_compound_code(ulong raw, bool memory)
    {
        Assert.Equal(memory, new McaStatus(raw).MemoryError);
    }
}
