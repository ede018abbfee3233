using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Reports;

public class RegisterDictionaryTests
{
    private static KeyValuePair<string, string> R(string name, string value) => KeyValuePair.Create(name, value);

    [Fact]
    public void Registers_given_in_print_order_come_out_in_ordinal_order_of_their_names()
    {
        RegisterDictionary set = RegisterDictionary.Of([R("RAX", "1"), R("RBX", "2"), R("R08", "3"), R("EFLAGS", "4"), R("RSP", "5")]);
        Assert.Equal(["EFLAGS", "R08", "RAX", "RBX", "RSP"], set.Keys);
        Assert.Equal(["4", "3", "1", "2", "5"], set.Values);
        Assert.Equal(5, set.Count);
    }

    [Fact]
    public void Of_a_register_printed_twice_the_first_value_is_kept()
    {
        RegisterDictionary set = RegisterDictionary.Of([R("RIP", "first"), R("RAX", "0"), R("RIP", "second"), R("RIP", "third")]);
        Assert.Equal("first", set["RIP"]);
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void Many_registers_with_repeats_keep_the_first_value_of_each_name_too()
    {
        // More than the insertion sort takes: the other sort must be stable as well.
        var pairs = Enumerable.Range(0, 300).Select(i => R($"X{i % 100}", $"v{i}")).ToArray();
        RegisterDictionary set = RegisterDictionary.Of(pairs);
        Assert.Equal(100, set.Count);
        Assert.All(set, kv => Assert.Equal("v" + kv.Key[1..], kv.Value));
        Assert.Equal(set.Keys.Order(StringComparer.Ordinal), set.Keys);
    }

    [Fact]
    public void Lookups_find_every_name_and_nothing_else()
    {
        RegisterDictionary set = RegisterDictionary.Of([R("x29", "a"), R("x28", "b"), R("sp", "c"), R("pc", "d")]);
        foreach (KeyValuePair<string, string> kv in set)
        {
            Assert.True(set.ContainsKey(kv.Key));
            Assert.Equal(kv.Value, set[kv.Key]);
        }
        Assert.False(set.TryGetValue("x30", out _));
        Assert.False(set.ContainsKey("X29"));
        Assert.Throws<KeyNotFoundException>(() => set["lr"]);
    }

    [Fact]
    public void Sets_with_the_same_registers_are_equal_whatever_order_they_were_given_in()
    {
        RegisterDictionary a = RegisterDictionary.Of([R("RAX", "0"), R("RBX", "1")]);
        RegisterDictionary b = RegisterDictionary.Of([R("RBX", "1"), R("RAX", "0")]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, RegisterDictionary.Of([R("RAX", "0"), R("RBX", "2")]));
        Assert.Same(RegisterDictionary.Empty, RegisterDictionary.Of([]));
    }

    [Fact]
    public void A_register_without_a_name_or_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RegisterDictionary.Of([R(null!, "0")]));
        Assert.Throws<ArgumentException>(() => RegisterDictionary.Of([R("RAX", null!)]));
    }
}

public class RegisterDictionaryJsonTests
{
    [Fact]
    public void Registers_are_written_as_an_object_of_names_to_values_and_read_back_equal()
    {
        RegisterDictionary set = RegisterDictionary.Of([KeyValuePair.Create("RBX", "ffff8880053597e0"), KeyValuePair.Create("RAX", "0000000000000000")]);
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        string json = System.Text.Json.JsonSerializer.Serialize(set, web);
        Assert.Equal("""{"RAX":"0000000000000000","RBX":"ffff8880053597e0"}""", json);
        Assert.Equal(set, System.Text.Json.JsonSerializer.Deserialize<RegisterDictionary>(json, web));
    }

    [Fact]
    public void A_report_goes_through_json_and_back_with_its_registers_and_text()
    {
        CrashReport report = Assert.Single(DetectorHarness.Scan(DetectorHarness.Console(
            "BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "Oops: 0002 [#1] PREEMPT SMP NOPTI",
            "RIP: 0010:lab_null+0x5/0x20 [labcrash]",
            "RAX: 0000000000000000 RBX: ffff8880053597e0 RCX: c0000000ffffefff",
            "Call Trace:",
            " vfs_write+0x235/0x3f0",
            "---[ end trace 0000000000000000 ]---")));
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        CrashReport back = System.Text.Json.JsonSerializer.Deserialize<CrashReport>(System.Text.Json.JsonSerializer.Serialize(report, web), web)!;
        Assert.Equal(report.Registers, back.Registers);
        Assert.Equal("ffff8880053597e0", back.Registers["RBX"]);
        Assert.Equal(report.Text, back.Text);
    }
}
