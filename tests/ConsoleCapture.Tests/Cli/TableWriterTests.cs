using SolWatch.ConsoleCapture.Cli;

namespace SolWatch.ConsoleCapture.Tests.Cli;

public sealed class TableWriterTests
{
    [Fact]
    public void Cells_are_escaped_for_the_terminal_and_the_columns_line_up_with_what_is_printed()
    {
        var table = new TableWriter("CONSOLE", "STATE", "DETAIL");
        table.Add("db-\u001b]0;x\u0007", "Connected", "banner: \u009b2J\u202eevil");
        table.Add("web", null, "ok");
        var output = new StringWriter { NewLine = "\n" };

        table.Write(output);

        Assert.Equal(
            "CONSOLE          STATE      DETAIL\n" +
            "db-\\x1b]0;x\\x07  Connected  banner: \\u009b2J\\u202eevil\n" +
            "web              -          ok\n",
            output.ToString());
    }
}
