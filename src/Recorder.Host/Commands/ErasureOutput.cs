using System.Data.Common;
using System.Globalization;
using Mediator;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Host.Commands;

/// <summary>What the data commands (`purge`, `forget`) share: the batch option, exit codes and how results read.
/// Output names counts and times only, never a user id or any content.</summary>
internal static class ErasureOutput
{
    public const int ExitFailed = 1;
    public const int ExitInvalid = 2;
    public const int ExitInterrupted = 130;

    /// <summary>How often progress is printed during a long erasure.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static int BatchRows(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.Value("batch");
        if (text is null)
        {
            return BatchedErasure.DefaultBatchRows;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            ? rows
            : throw new CommandLineException($"--batch '{text}' is not a whole number of rows");
    }

    public static string Done(string command, string rowsWhat, ErasureResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"{command}: done: {result.Rows} {rowsWhat} in {result.Batches} batches, {result.Elapsed.TotalSeconds:0.0} s; longest batch {result.LongestBatch.TotalMilliseconds:0} ms, at most {result.LargestBatchRows} rows per statement");
    }

    public static string Stopped(string command, ErasureProgress? progress, string why) => string.Create(CultureInfo.InvariantCulture,
        $"{command}: {why} after {progress?.Rows ?? 0} rows in {progress?.Batches ?? 0} batches; rows already deleted stay deleted: run the same command again to continue");

    /// <summary>
    /// Sends the data command with a progress printer, and turns the ways it can stop into output and an exit code
    /// (the result is null then): invalid, interrupted, or a database error as <paramref name="describeDbError"/> puts it.
    /// </summary>
    public static async Task<(TResult? Result, int Exit)> SendAsync<TResult>(
        string command,
        IServiceProvider services,
        Func<IProgress<ErasureProgress>, ICommand<TResult>> withProgress,
        Func<DbException, string> describeDbError,
        TextWriter output,
        TimeSpan? progressInterval,
        CancellationToken cancellationToken)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(withProgress);
        ArgumentNullException.ThrowIfNull(describeDbError);
        ArgumentNullException.ThrowIfNull(output);
        var progress = new ErasureProgressPrinter(command, output, progressInterval ?? ProgressInterval,
            services.GetRequiredService<TimeProvider>());
        try
        {
            return (await services.GetRequiredService<IMediator>().Send(withProgress(progress), cancellationToken), 0);
        }
        catch (RequestValidationException invalid)
        {
            return (null, await InvalidAsync(command, invalid, output));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync(Stopped(command, progress.Last, "interrupted"));
            return (null, ExitInterrupted);
        }
        catch (DbException ex)
        {
            await output.WriteLineAsync(Stopped(command, progress.Last, describeDbError(ex)));
            return (null, ExitFailed);
        }
    }

    public static async Task<int> InvalidAsync(string command, RequestValidationException invalid, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var failure in invalid.Failures)
        {
            await output.WriteLineAsync($"{command}: {failure.ErrorMessage}");
        }

        return ExitInvalid;
    }
}
