using MySqlConnector;
using Recorder.Infrastructure.Persistence.Errors;

namespace Recorder.UnitTests.Persistence;

public class MySqlErrorClassificationTests
{
    [Theory]
    [InlineData(1213, MySqlErrorKind.Deadlock)]
    [InlineData(1205, MySqlErrorKind.LockWaitTimeout)]
    [InlineData(1045, MySqlErrorKind.AccessDenied)]
    [InlineData(1044, MySqlErrorKind.AccessDenied)]
    [InlineData(1698, MySqlErrorKind.AccessDenied)]
    [InlineData(1042, MySqlErrorKind.ConnectionLost)]
    [InlineData(1040, MySqlErrorKind.ConnectionLost)]
    [InlineData(1053, MySqlErrorKind.ConnectionLost)]
    [InlineData(1927, MySqlErrorKind.ConnectionLost)]
    [InlineData(1152, MySqlErrorKind.ConnectionLost)]
    [InlineData(1158, MySqlErrorKind.ConnectionLost)]
    [InlineData(2013, MySqlErrorKind.ConnectionLost)]
    [InlineData(-1, MySqlErrorKind.Timeout)]
    [InlineData(1317, MySqlErrorKind.Timeout)]
    [InlineData(3024, MySqlErrorKind.Timeout)]
    [InlineData(1969, MySqlErrorKind.Timeout)]
    [InlineData(1406, MySqlErrorKind.RowRejected)]
    [InlineData(1366, MySqlErrorKind.RowRejected)]
    [InlineData(1265, MySqlErrorKind.RowRejected)]
    [InlineData(1153, MySqlErrorKind.RowRejected)]
    [InlineData(1048, MySqlErrorKind.RowRejected)]
    [InlineData(1062, MySqlErrorKind.Other)]
    [InlineData(1064, MySqlErrorKind.Other)]
    [InlineData(1290, MySqlErrorKind.Other)]
    public void Classifies_the_drivers_error_codes(int code, MySqlErrorKind expected) =>
        Assert.Equal(expected, MySqlErrorClassification.Classify((MySqlErrorCode)code));

    [Fact]
    public void Finds_the_driver_error_that_ef_core_wraps()
    {
        var inner = new InvalidOperationException("outer", new InvalidOperationException("middle", new ArgumentException("no driver error")));

        Assert.Null(inner.FindMySqlException());
        Assert.Null(((Exception?)null).FindMySqlException());
    }

    [Fact]
    public void A_send_that_fails_under_the_driver_is_a_lost_connection_worth_retrying()
    {
        Assert.True(new IOException("Broken pipe").IsRetryable(out var number, out var kind));
        Assert.Equal((0, MySqlErrorKind.ConnectionLost), (number, kind));

        var wrapped = new InvalidOperationException("outer", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset));
        Assert.True(wrapped.IsRetryable(out _, out kind));
        Assert.Equal(MySqlErrorKind.ConnectionLost, kind);
    }

    [Fact]
    public void A_failure_that_is_neither_the_drivers_nor_the_connections_is_not_retried()
    {
        Assert.False(new InvalidOperationException("a bug", new ArgumentException("no driver error")).IsRetryable(out var number, out var kind));
        Assert.Equal((0, MySqlErrorKind.Other), (number, kind));
        Assert.False(((Exception?)null).IsRetryable(out _, out _));

        // A file the driver could not read (a client certificate, say) is an IOException, but no lost connection.
        Assert.False(new FileNotFoundException("client.pem").IsRetryable(out _, out _));
        Assert.False(new InvalidOperationException("outer", new DirectoryNotFoundException("certs")).IsConnectionLost());
    }
}
