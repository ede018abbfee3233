using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reading;

// Reads FILE as solwatch scan does (64 KiB reads, each framed batch pre-scanned, then pushed line by line), with or
// without the kdump tracker: `SolWatch.Bench FILE plain|kdump [RUNS]`. Prints the CPU seconds per run; under callgrind
// the instruction count is what is read (count.sh).
if (args.Length < 2 || args[1] is not ("plain" or "kdump"))
{
    await Console.Error.WriteLineAsync("usage: SolWatch.Bench FILE plain|kdump [RUNS]").ConfigureAwait(false);
    return 2;
}
string file = args[0];
bool followKdump = args[1] == "kdump";
int runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
TimeSpan before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
for (int run = 0; run < runs; run++)
{
    ReadOnce(file, followKdump);
}
double perRun = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds / runs;
Console.WriteLine(FormattableString.Invariant($"{args[1]}: {perRun:F4} CPU s per run, {GC.CollectionCount(0) / runs} collections per run"));
return 0;

static void ReadOnce(string file, bool followKdump)
{
    var reader = new ConsoleReader(options: null, followKdump);
    using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    var framer = new LineFramer();
    var batch = new FramedBatch();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = input.Read(buffer)) > 0)
    {
        framer.Push(buffer.AsSpan(0, n), batch);
        Read(reader, batch);
        batch.Clear();
    }
    while (framer.Flush() is { } last)
    {
        batch.Add(last);
    }
    Read(reader, batch);
    reader.Complete();
}

static void Read(ConsoleReader reader, FramedBatch batch)
{
    reader.PreScan(batch);
    for (int i = 0; i < batch.Count; i++)
    {
        reader.Push(batch, i);
    }
}
