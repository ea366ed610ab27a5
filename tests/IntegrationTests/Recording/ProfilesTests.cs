using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recorder.Host;
using Recorder.Infrastructure.Kafka.Topics;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// appsettings.Development.json and appsettings.Production.json ship next to the program and are chosen by
/// DOTNET_ENVIRONMENT (or ASPNETCORE_ENVIRONMENT): a single broker's topic settings in development, JSON log lines in
/// production.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class ProfilesTests
{
    // Reads the table and deletes nothing: rows would have to be a century old.
    private static readonly string[] QuickCommandThatLogs = ["purge", "--older-than", "36500d", "--dry-run"];

    [Theory]
    [InlineData("Development", 1, 1)]
    [InlineData("Production", 3, 2)]
    public async Task Each_profile_sets_the_topics_replication_and_min_insync_replicas(string environment, short replication, short minInsync)
    {
        await using var app = RecorderApplication.Build("topics check", ["--environment", environment],
            new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = "127.0.0.1:1" });

        var topics = app.Services.GetRequiredService<IOptions<TopicOptions>>().Value;

        Assert.Equal((replication, minInsync), (topics.ReplicationFactor, topics.MinInsyncReplicas));
    }

    [Theory]
    [InlineData("DOTNET_ENVIRONMENT")]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    public async Task The_production_profile_writes_each_log_entry_as_one_json_line_without_secrets(string variable)
    {
        await RecorderServices.MigrateAsync();
        using var program = RecorderProgram.Install(_ => { });
        program.Start(Path.GetTempPath(), new Dictionary<string, string>
        {
            [variable] = "Production",
            ["ConnectionStrings__Recorder"] = TestDatabase.ConnectionString,
        }, QuickCommandThatLogs);

        var exitCode = await program.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, program.Output);
        var entries = program.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l)).ToList();
        var purge = Assert.Single(entries, e => e.RootElement.GetProperty("Category").GetString() == "Recorder.Host.Commands.Purge");
        Assert.Equal("Information", purge.RootElement.GetProperty("LogLevel").GetString());
        Assert.StartsWith("Purge dry run: ", purge.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(purge.RootElement.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.DoesNotContain(new MySqlConnector.MySqlConnectionStringBuilder(TestDatabase.ConnectionString).Password, program.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_profile_writes_readable_lines()
    {
        await RecorderServices.MigrateAsync();
        using var program = RecorderProgram.Install(_ => { });
        program.Start(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Recorder"] = TestDatabase.ConnectionString,
        }, QuickCommandThatLogs);

        var exitCode = await program.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, program.Output);
        Assert.Contains(program.Output.Split('\n'), l => l.Contains("info: Recorder.Host.Commands.Purge[0] Purge dry run: ", StringComparison.Ordinal));
        Assert.DoesNotContain(program.Output.Split('\n'), l => l.StartsWith('{'));
    }
}
