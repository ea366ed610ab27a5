using Microsoft.Extensions.Options;
using Recorder.Host;
using Recorder.Host.Commands;
using Recorder.Infrastructure.Persistence;

// Commands: run (default) | migrate | topics ensure | topics check | dlq inspect | dlq replay | offsets show |
// offsets reset. Options follow the command words.
var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
var command = words.Length == 0 ? "run" : string.Join(' ', words);
string[] commands = ["run", "migrate", "topics ensure", "topics check", "dlq inspect", "dlq replay", "offsets show", "offsets reset"];
if (!commands.Contains(command))
{
    await Console.Error.WriteLineAsync($"unknown command '{command}'. Commands: run (default), {string.Join(", ", commands.Skip(1))}.");
    return 2;
}

// Ctrl+C ends an operator command cleanly (a replay still commits what was acknowledged); `run` has the host's own handling.
using var interrupted = new CancellationTokenSource();
if (command != "run")
{
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        interrupted.Cancel();
    };
}

try
{
    var options = args.Skip(words.Length).ToArray();
    await using var app = RecorderApplication.Build(command, options);
    switch (command)
    {
        case "run":
            await app.RunAsync();
            return Environment.ExitCode; // set to 1 by the worker when the consumer or dead-letter producer failed
        case "migrate":
            _ = app.Services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            return await MigrateCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
        case "dlq inspect":
            return await DlqCommand.InspectAsync(app.Services, options, Console.Out, interrupted.Token);
        case "dlq replay":
            return await DlqCommand.ReplayAsync(app.Services, options, Console.Out, interrupted.Token);
        case "offsets show":
            return await OffsetsCommand.ShowAsync(app.Services, options, Console.Out, interrupted.Token);
        case "offsets reset":
            return await OffsetsCommand.ResetAsync(app.Services, options, Console.Out, interrupted.Token);
        default:
            return await TopicsCommand.RunAsync(app.Services, create: command == "topics ensure", Console.Out);
    }
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("interrupted");
    return 130;
}
catch (Exception ex) when (ValidationFailures(ex) is { Count: > 0 } failures)
{
    await Console.Error.WriteLineAsync("configuration is invalid:\n  " + string.Join("\n  ", failures));
    return 3;
}
catch (System.Data.Common.DbException ex)
{
    await Console.Error.WriteLineAsync($"database error: {ex.Message}");
    return 1;
}

static List<string> ValidationFailures(Exception ex) => ex switch
{
    OptionsValidationException options => options.Failures.ToList(),
    AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
        aggregate.InnerExceptions.SelectMany(ValidationFailures).ToList(),
    _ => [],
};
