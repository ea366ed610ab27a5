using System.Runtime.InteropServices;

namespace Recorder.Host.Commands;

/// <summary>
/// Turns Ctrl+C and SIGTERM into cancellation for a one-shot command. The batch in flight is rolled back by the
/// server when its statement is cancelled; batches already committed stay done.
/// </summary>
internal sealed class CommandInterruption : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public CommandInterruption()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
    }

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancel.Dispose();
    }

    private void Cancel(PosixSignalContext context)
    {
        // Keep the process alive long enough to say what was done and how to continue.
        context.Cancel = true;
        _cancel.Cancel();
    }
}
