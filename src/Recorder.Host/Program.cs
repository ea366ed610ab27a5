using Microsoft.Extensions.Options;
using Recorder.Host;
using Recorder.Host.Commands;
using Recorder.Infrastructure.Persistence;

// Commands: run (default) | migrate | topics ensure | topics check | purge | forget | dlq inspect | dlq replay |
// offsets show | offsets reset. Options follow the command words.
var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
var command = words.Length == 0 ? "run" : string.Join(' ', words);
string[] commands = ["run", "migrate", "topics ensure", "topics check", "purge", "forget", "dlq inspect", "dlq replay", "offsets show", "offsets reset"];
if (!commands.Contains(command))
{
    await Console.Error.WriteLineAsync($"unknown command '{command}'. Commands: run (default), {string.Join(", ", commands.Skip(1))}.");
    return 2;
}

var options = args.Skip(words.Length).ToArray();
DataCommandLine? data = null;
if (DataCommandLine.IsDataCommand(command))
{
    try
    {
        data = DataCommandLine.Parse(command, options);
    }
    catch (CommandLineException ex)
    {
        await Console.Error.WriteLineAsync($"{command}: {ex.Message}\nusage: {DataCommandLine.Usage(command)}");
        return 2;
    }
}

// Ctrl+C or SIGTERM ends an operator command cleanly (a replay still commits what was acknowledged, a purge keeps the
// batches it committed); `run` has the host's own shutdown.
using var interruption = command == "run" ? null : new CommandInterruption();
var interrupted = interruption?.Token ?? CancellationToken.None;
try
{
    // Only `run` and `migrate` take configuration from the command line; the other commands' options are theirs alone.
    await using var app = RecorderApplication.Build(command, command is "run" or "migrate" ? options : []);
    switch (command)
    {
        case "run":
            await app.RunAsync();
            return Environment.ExitCode; // set to 1 by the worker when the consumer or dead-letter producer failed
        case "migrate":
            _ = app.Services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            return await MigrateCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
        case "purge" or "forget":
            _ = app.Services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            return await data!.RunAsync(app.Services, Console.Out, interrupted);
        case "dlq inspect":
            return await DlqCommand.InspectAsync(app.Services, options, Console.Out, interrupted);
        case "dlq replay":
            return await DlqCommand.ReplayAsync(app.Services, options, Console.Out, interrupted);
        case "offsets show":
            return await OffsetsCommand.ShowAsync(app.Services, options, Console.Out, interrupted);
        case "offsets reset":
            return await OffsetsCommand.ResetAsync(app.Services, options, Console.Out, interrupted);
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
