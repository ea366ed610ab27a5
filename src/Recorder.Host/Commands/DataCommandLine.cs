namespace Recorder.Host.Commands;

/// <summary>
/// A parsed `purge` or `forget` command line, ready to run once the host exists. Parsing comes first so that a
/// mistyped option is refused before anything connects, and none of these options reaches the host's configuration.
/// </summary>
internal sealed class DataCommandLine
{
    private readonly Func<IServiceProvider, TextWriter, CancellationToken, Task<int>> _run;

    private DataCommandLine(Func<IServiceProvider, TextWriter, CancellationToken, Task<int>> run) => _run = run;

    public static bool IsDataCommand(string command) => command is "purge" or "forget";

    public static string Usage(string command) => command == "purge" ? PurgeCommand.Usage : ForgetCommand.Usage;

    /// <exception cref="CommandLineException">The options cannot be used as given.</exception>
    public static DataCommandLine Parse(string command, IReadOnlyList<string> args)
    {
        if (command == "purge")
        {
            var purge = PurgeCommand.Parse(args);
            return new DataCommandLine((services, output, cancel) => PurgeCommand.RunAsync(services, purge, output, cancel));
        }

        var forget = ForgetCommand.Parse(args);
        return new DataCommandLine((services, output, cancel) => ForgetCommand.RunAsync(services, forget, output, cancel));
    }

    public Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken) =>
        _run(services, output, cancellationToken);
}
