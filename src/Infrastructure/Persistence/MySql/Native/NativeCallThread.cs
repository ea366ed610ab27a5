using System.Collections.Concurrent;

namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>
/// A dedicated OS thread that runs the native calls of one physical connection in order. Connector/C calls block
/// (connect, query, ping), so running them here instead of on the thread pool keeps async callers from starving it:
/// the number of threads blocked in native code is bounded by the number of physical connections.
/// </summary>
internal sealed class NativeCallThread : IDisposable
{
    // Connector/C's deepest stacks (TLS handshake, authentication plugins) stay far below this.
    private const int StackSize = 1024 * 1024;

    private readonly BlockingCollection<NativeCall> _calls = new(new ConcurrentQueue<NativeCall>());
    private int _stopped;

    public NativeCallThread(string name)
    {
        var thread = new Thread(Run, StackSize) { IsBackground = true, Name = name };
        thread.Start();
    }

    public Task<TResult> Invoke<TState, TResult>(Func<TState, TResult> function, TState state)
    {
        var call = new NativeCall<TState, TResult>(function, state);
        try
        {
            _calls.Add(call);
        }
        catch (InvalidOperationException)
        {
            call.Abandon(new ObjectDisposedException(nameof(NativeCallThread), "The MySQL connection has been closed."));
        }

        return call.Task;
    }

    /// <summary>Lets the thread finish the calls already queued, then exit.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _calls.CompleteAdding();
        }
    }

    private void Run()
    {
        MariaDbNative.mysql_thread_init();
        try
        {
            foreach (var call in _calls.GetConsumingEnumerable())
            {
                call.Execute();
            }
        }
        finally
        {
            MariaDbNative.mysql_thread_end();
            _calls.Dispose();
        }
    }
}
