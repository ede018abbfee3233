namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>What netconsole datagrams look like (kernel Documentation/networking/netconsole.rst).</summary>
public enum NetconsoleFormat
{
    /// <summary>Each datagram is decided on its own: extended when it starts with an extended header, else plain.</summary>
    Auto,

    /// <summary>Console text as is (<c>netconsole=...</c>).</summary>
    Plain,

    /// <summary>Extended console (<c>netconsole=+...</c>): <c>[release,]level,seq,ts,flag[,ncfrag=off/len];text</c>.</summary>
    Extended,
}
