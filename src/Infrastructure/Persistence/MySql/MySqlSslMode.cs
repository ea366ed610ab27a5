namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>TLS requirement for the connection, named as MySQL .NET drivers name it.</summary>
public enum MySqlSslMode
{
    /// <summary>Plain TCP or socket; TLS is never attempted.</summary>
    None,

    /// <summary>TLS when the server offers it, plain otherwise; the certificate is not verified.</summary>
    Preferred,

    /// <summary>TLS is mandatory (the connection fails if the server does not offer it); the certificate is not verified.</summary>
    Required,

    /// <summary>TLS with certificate verification. Connector/C 3.3 verifies the chain and the host name together, so this
    /// behaves like <see cref="VerifyFull"/>.</summary>
    VerifyCA,

    /// <summary>TLS with verification of the certificate chain and the server's host name.</summary>
    VerifyFull,
}
