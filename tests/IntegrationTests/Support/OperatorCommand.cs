using Recorder.Host;
using Recorder.Host.Commands;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Runs an operator command (<c>dlq …</c>, <c>offsets …</c>) as the program runs it: the host built for that command
/// from configuration, the command's arguments, its printed output and exit code.
/// </summary>
internal static class OperatorCommand
{
    public static async Task<CommandResult> RunAsync(string command, string bootstrapServers, IReadOnlyList<string> args,
        IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["ConnectionStrings:Recorder"] = TestDatabase.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Replay:ReadTimeout"] = "00:00:20",
            // As RecorderInstance: the mock holds join rounds for the session timeout.
            ["Recorder:SessionTimeoutMs"] = "6000",
            ["Recorder:HeartbeatIntervalMs"] = "500",
            ["Offsets:JoinTimeout"] = "00:00:12",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        await using var app = RecorderApplication.Build(command, [.. args], configuration);
        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var exitCode = command switch
        {
            "dlq inspect" => await DlqCommand.InspectAsync(app.Services, args, output, timeout.Token),
            "dlq replay" => await DlqCommand.ReplayAsync(app.Services, args, output, timeout.Token),
            "offsets show" => await OffsetsCommand.ShowAsync(app.Services, args, output, timeout.Token),
            "offsets reset" => await OffsetsCommand.ResetAsync(app.Services, args, output, timeout.Token),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not an operator command"),
        };
        return new CommandResult(exitCode, output.ToString());
    }

    public static Task<CommandResult> ReplayAsync(string bootstrapServers, params string[] args) =>
        RunAsync("dlq replay", bootstrapServers, args);

    public static Task<CommandResult> OffsetsAsync(string verb, string bootstrapServers, params string[] args) =>
        RunAsync("offsets " + verb, bootstrapServers, args);

    public static Task<CommandResult> OffsetsAsync(string verb, string bootstrapServers, IDictionary<string, string?> settings) =>
        RunAsync("offsets " + verb, bootstrapServers, [], settings);

    public static Task<CommandResult> InspectAsync(string bootstrapServers, params string[] args) =>
        RunAsync("dlq inspect", bootstrapServers, args);
}

/// <summary>What an operator command printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string Output)
{
    /// <summary>A <c>name=value</c> count of the command's <c>summary:</c> line.</summary>
    public int Summary(string name)
    {
        var line = Output.Split('\n').LastOrDefault(l => l.StartsWith("summary:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException("no summary line in:\n" + Output);
        var field = line.Split(' ').FirstOrDefault(f => f.StartsWith(name + "=", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no {name}= in: {line}");
        return int.Parse(field[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => $"exit {ExitCode}:\n{Output}";
}
