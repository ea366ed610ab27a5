namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>How to reach the server.</summary>
public enum MySqlConnectionProtocol
{
    /// <summary>TCP to Server:Port (even for "localhost", unlike bare Connector/C).</summary>
    Tcp,

    /// <summary>A unix domain socket; Server holds its path.</summary>
    Socket,
}
