using System.Diagnostics;

namespace Recorder.Application.Common.Tracing;

/// <summary>
/// The application layer's spans (one per command). <see cref="ActivitySource"/> is the runtime's own tracing API,
/// so this layer needs no tracing library; the host decides whether anyone listens and where spans go.
/// </summary>
public static class ApplicationActivitySource
{
    public const string Name = "Recorder.Application";

    internal static ActivitySource Instance { get; } = new(Name);
}
