namespace Recorder.Infrastructure.Messaging;

/// <summary>A transport-neutral record header.</summary>
public readonly record struct MessageHeader(string Name, byte[]? Value);
