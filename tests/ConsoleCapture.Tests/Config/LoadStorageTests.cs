using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary>
/// <see cref="ConfigLoader.LoadStorage"/>: how the CLI finds the daemon's database in a file being edited. A typo in
/// a console must not hide the database (`solwatch reload --config FILE` then never reached the daemon, whose answer
/// lists the errors); a wrong storage setting or a misspelt section must not send the CLI to another database.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LoadStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-loadstorage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string yaml)
    {
        string path = Path.Combine(_dir, "solwatch.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void The_database_of_a_file_whose_consoles_and_other_sections_have_errors_is_still_found()
    {
        string path = Write("""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            api:
              port: seventy
            consoles:
              - name: vm-a
                type: file
                path: /tmp/vm-a.log
                fromBeginnig: true
              - name: web-01
                typ: tcp
            """);
        Assert.Throws<ConfigException>(() => new ConfigLoader(checkEnvironment: false).Load(path));

        StorageConfig storage = new ConfigLoader(checkEnvironment: false).LoadStorage(path);

        Assert.Equal(Path.Combine(_dir, "data", "incidents.db"), storage.Database);
        Assert.Equal(Path.Combine(_dir, "data", "transcripts"), storage.Transcripts);
    }

    [Fact]
    public void An_error_in_the_storage_section_is_refused_with_its_line()
    {
        string path = Write("""
            storage:
              database: data/incidents.db
              rawTranscripts: sometimes
            consoles: []
            """);
        ConfigException e = Assert.Throws<ConfigException>(() => new ConfigLoader(checkEnvironment: false).LoadStorage(path));
        Assert.Contains(e.Errors, error => error.Line == 3 && error.Key == "storage.rawTranscripts");
    }

    [Fact]
    public void A_misspelt_storage_section_is_refused_rather_than_taken_for_the_default_database()
    {
        string path = Write("""
            storge:
              database: data/incidents.db
            consoles: []
            """);
        ConfigException e = Assert.Throws<ConfigException>(() => new ConfigLoader(checkEnvironment: false).LoadStorage(path));
        Assert.Contains(e.Errors, error => error.Key == "storge" && error.Message.Contains("did you mean storage", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_YAML_is_refused()
    {
        string path = Write("storage: [unclosed\n");
        Assert.Throws<ConfigException>(() => new ConfigLoader(checkEnvironment: false).LoadStorage(path));
    }
}
