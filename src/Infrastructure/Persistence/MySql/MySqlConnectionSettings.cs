namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>An immutable, validated view of a connection string. <see cref="ToString"/> is password-free.</summary>
internal sealed class MySqlConnectionSettings
{
    public MySqlConnectionSettings(MySqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Protocol = builder.Protocol;
        Server = Protocol == MySqlConnectionProtocol.Socket ? builder.SocketPath : builder.Server;
        if (Protocol == MySqlConnectionProtocol.Tcp && string.IsNullOrWhiteSpace(Server))
        {
            throw new ArgumentException("The connection string must name a Server (host name, IP address or socket path).");
        }

        Port = builder.Port is > 0 and <= 65535 ? builder.Port : throw new ArgumentException("Port must be between 1 and 65535.");
        Database = builder.Database;
        UserId = builder.UserId;
        Password = builder.Password;
        SslMode = builder.SslMode;
        SslCa = builder.SslCa;
        ConnectionTimeout = TimeSpan.FromSeconds(Math.Max(1, builder.ConnectionTimeout));
        DefaultCommandTimeoutSeconds = (int)Math.Min(builder.DefaultCommandTimeout, int.MaxValue / 1000);
        MaximumPoolSize = builder.MaximumPoolSize is >= 1 and <= 10_000
            ? (int)builder.MaximumPoolSize
            : throw new ArgumentException("Maximum Pool Size must be between 1 and 10000.");
        MinimumPoolSize = builder.MinimumPoolSize <= builder.MaximumPoolSize
            ? (int)builder.MinimumPoolSize
            : throw new ArgumentException("Minimum Pool Size must not exceed Maximum Pool Size.");
        Pooling = builder.Pooling;
        AllowUserVariables = builder.AllowUserVariables;
        IdlePingTime = TimeSpan.FromSeconds(builder.ConnectionIdlePingTime);
        IdleTimeout = TimeSpan.FromSeconds(builder.ConnectionIdleTimeout);
        MaskedConnectionString = builder.ToMaskedString();
    }

    public MySqlConnectionProtocol Protocol { get; }

    /// <summary>Host for TCP, socket path for Socket.</summary>
    public string Server { get; }

    public uint Port { get; }

    public string Database { get; }

    public string UserId { get; }

    public string Password { get; }

    public MySqlSslMode SslMode { get; }

    public string SslCa { get; }

    public TimeSpan ConnectionTimeout { get; }

    public int DefaultCommandTimeoutSeconds { get; }

    public int MaximumPoolSize { get; }

    public int MinimumPoolSize { get; }

    public bool Pooling { get; }

    public bool AllowUserVariables { get; }

    public TimeSpan IdlePingTime { get; }

    public TimeSpan IdleTimeout { get; }

    public string MaskedConnectionString { get; }

    /// <summary>Where the connection goes, for error messages: "host:port" or the socket path.</summary>
    public string Endpoint => Protocol == MySqlConnectionProtocol.Socket ? Server : Server + ":" + Port;

    public static MySqlConnectionSettings Parse(string connectionString) => new(new MySqlConnectionStringBuilder(connectionString));

    public override string ToString() => MaskedConnectionString;
}
