namespace Recorder.Host.Commands;

/// <summary>The command line cannot be used as given; the message says why and is shown with the usage.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException()
    {
    }

    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
