using Recorder.Application.Conversations.Commands.ForgetUser;

namespace Recorder.Host.Commands;

/// <summary>
/// `forget --user &lt;id&gt; [--batch 1000] [--dry-run]`: erases every row of one user, the id matched byte for byte,
/// in short batches (docs/design.md §9.5). Neither the output nor the log repeats the id: it is what is being erased.
/// </summary>
internal static class ForgetCommand
{
    public const string Usage = "forget --user <id> [--batch N] [--dry-run]";

    public static ForgetUserCommand Parse(IReadOnlyList<string> args)
    {
        var options = CommandOptions.Parse(args, ["user", "batch"], ["dry-run"]);
        var user = options.Value("user") ?? throw new CommandLineException("--user is required");
        return new ForgetUserCommand(user, ErasureOutput.BatchRows(options), options.Has("dry-run"));
    }

    public static async Task<int> RunAsync(
        IServiceProvider services, ForgetUserCommand command, TextWriter output, CancellationToken cancellationToken,
        TimeSpan? progressInterval = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Recorder.Host.Commands.Forget");
        await output.WriteLineAsync($"forget: every row of the given user, {command.BatchRows} rows per batch{(command.DryRun ? ", dry run" : "")}");
        var (result, exit) = await ErasureOutput.SendAsync(
            "forget",
            services,
            progress => command with { Progress = progress },
            // The server's message may quote the statement, and with it the id: the SQLSTATE says enough.
            ex => $"database error (SQLSTATE {ex.SqlState ?? "unknown"})",
            output,
            progressInterval,
            cancellationToken);
        if (result is null)
        {
            return exit;
        }

        if (result.DryRun)
        {
            await output.WriteLineAsync($"forget: dry run: {result.Rows} rows of the given user would be erased; nothing was erased");
            return 0;
        }

        await output.WriteLineAsync(ErasureOutput.Done("forget", "rows of the given user erased", result));
        logger.LogInformation("Forget erased {Rows} rows of one user in {Batches} batches", result.Rows, result.Batches);
        return 0;
    }
}
