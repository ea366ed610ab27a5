using System.Data.Common;
using MediatR;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Conversations.Commands.ForgetUser;
using Recorder.Application.Conversations.Erasure;

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
        var progress = new ErasureProgressPrinter("forget", output, progressInterval ?? ErasureOutput.ProgressInterval,
            services.GetRequiredService<TimeProvider>());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Recorder.Host.Commands.Forget");
        await output.WriteLineAsync($"forget: every row of the given user, {command.BatchRows} rows per batch{(command.DryRun ? ", dry run" : "")}");
        ErasureResult result;
        try
        {
            result = await services.GetRequiredService<IMediator>().Send(command with { Progress = progress }, cancellationToken);
        }
        catch (RequestValidationException invalid)
        {
            return await ErasureOutput.InvalidAsync("forget", invalid, output);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync(ErasureOutput.Stopped("forget", progress.Last, "interrupted"));
            return ErasureOutput.ExitInterrupted;
        }
        catch (DbException ex)
        {
            // The server's message may quote the statement, and with it the id: the SQLSTATE says enough.
            await output.WriteLineAsync(ErasureOutput.Stopped("forget", progress.Last, $"database error (SQLSTATE {ex.SqlState ?? "unknown"})"));
            return ErasureOutput.ExitFailed;
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
