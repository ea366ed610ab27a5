using System.Runtime.InteropServices;
using Kafka.MockCluster.Hosting;

MockClusterCommandLine commandLine;
try
{
    commandLine = MockClusterCommandLine.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync("Run with --help for usage.");
    return 2;
}

if (commandLine.ShowHelp)
{
    await Console.Out.WriteAsync(MockClusterCommandLine.HelpText);
    return 0;
}

using var stop = new CancellationTokenSource();
void RequestStop(PosixSignalContext context)
{
    // Handled here: the cluster is disposed in order and the exit code stays 0.
    context.Cancel = true;
    stop.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
return await MockClusterHost.RunAsync(commandLine.Options, Console.Out, Console.Error, stop.Token);
