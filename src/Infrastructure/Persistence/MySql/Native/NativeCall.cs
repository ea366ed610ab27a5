namespace Recorder.Infrastructure.Persistence.MySql.Native;

/// <summary>One queued unit of work for a <see cref="NativeCallThread"/>.</summary>
internal abstract class NativeCall
{
    public abstract void Execute();

    public abstract void Abandon(Exception reason);
}

/// <summary>A call whose result (or exception) completes a task. Continuations never run on the native thread, so
/// awaiting callers cannot hold it up.</summary>
internal sealed class NativeCall<TState, TResult>(Func<TState, TResult> function, TState state) : NativeCall
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;

    public override void Execute()
    {
        try
        {
            _completion.TrySetResult(function(state));
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }

    public override void Abandon(Exception reason) => _completion.TrySetException(reason);
}
