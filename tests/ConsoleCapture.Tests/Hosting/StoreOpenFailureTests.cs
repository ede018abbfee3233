using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>What a daemon whose data directory it cannot write says (as root the kernel never refuses, so the exception is made here).</summary>
public sealed class StoreOpenFailureTests
{
    private static readonly UnauthorizedAccessException Denied = new("Access to the path '/srv/ro/incidents.db.lock' is denied.");

    [Fact]
    public void A_data_directory_the_user_cannot_write_names_the_user_and_the_option_that_moves_it()
    {
        string line = StoreOpenFailure.Describe(Denied, configFile: null);

        Assert.StartsWith("Access to the path '/srv/ro/incidents.db.lock' is denied.", line, StringComparison.Ordinal);
        Assert.Contains($"The user {Environment.UserName} cannot write there: give --data-dir a directory this user can write; nothing started", line, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_configuration_the_storage_settings_of_that_file_are_named()
    {
        Assert.Contains("set storage.database and storage.transcripts in /etc/solwatch/solwatch.yaml",
            StoreOpenFailure.Describe(Denied, "/etc/solwatch/solwatch.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_other_failure_is_its_own_message()
    {
        Assert.Equal("the database /x is in use", StoreOpenFailure.Describe(new IOException("the database /x is in use"), null));
    }
}
