using Microsoft.Extensions.Options;
using Recorder.Host;
using Recorder.Host.Commands;
using Recorder.Infrastructure.Persistence;

// Commands: run (default) | migrate | topics ensure | topics check | purge | forget. Options follow the command words.
var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
var command = words.Length == 0 ? "run" : string.Join(' ', words);
if (command is not ("run" or "migrate" or "topics ensure" or "topics check" or "purge" or "forget"))
{
    await Console.Error.WriteLineAsync($"unknown command '{command}'. Commands: run (default), migrate, topics ensure, topics check, purge, forget.");
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

try
{
    // The data commands' options are theirs alone: nothing of them becomes configuration.
    await using var app = RecorderApplication.Build(command, data is null ? options : []);
    switch (command)
    {
        case "run":
            await app.RunAsync();
            return Environment.ExitCode; // set to 1 by the worker when the consumer or dead-letter producer failed
        case "migrate":
            _ = app.Services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            return await MigrateCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
        case "purge" or "forget":
        {
            _ = app.Services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
            using var interruption = new CommandInterruption();
            return await data!.RunAsync(app.Services, Console.Out, interruption.Token);
        }

        default:
            return await TopicsCommand.RunAsync(app.Services, create: command == "topics ensure", Console.Out);
    }
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
