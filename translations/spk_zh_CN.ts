<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ErrorText</name>
    <message>
        <source>Cannot reach the server. Check the address and that the server is running.</source>
        <translation>无法连接服务器。请检查地址是否正确、服务器是否已启动。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器未能及时响应。</translation>
    </message>
    <message>
        <source>The server sent an answer this console does not understand.</source>
        <translation>服务器返回了本控制台无法识别的响应。</translation>
    </message>
    <message>
        <source>The request was canceled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <source>The file could not be written.</source>
        <translation>无法写入文件。</translation>
    </message>
    <message>
        <source>The device did not answer in time. The change is saved and will reach the device when it reconnects.</source>
        <translation>设备未能及时响应。更改已保存，设备重新连接后会自动生效。</translation>
    </message>
    <message>
        <source>Your login has expired or is not valid. Please log in again.</source>
        <translation>登录已过期或无效，请重新登录。</translation>
    </message>
    <message>
        <source>Permission denied: your role does not allow this action.</source>
        <translation>权限不足：您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Not found: it does not exist or you may not see it.</source>
        <translation>未找到：对象不存在，或您无权查看。</translation>
    </message>
    <message>
        <source>Conflict: it already exists or was changed by someone else.</source>
        <translation>冲突：对象已存在，或已被他人修改。</translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation>请求内容过大。</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute and try again.</source>
        <translation>尝试次数过多，请稍等一分钟后再试。</translation>
    </message>
    <message>
        <source>A server backend is down. Try again later.</source>
        <translation>服务器的后端服务不可用，请稍后再试。</translation>
    </message>
    <message>
        <source>The server rejected the input.</source>
        <translation>服务器拒绝了输入的内容。</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted (%1). Choose the CA file that signed it in the login dialog, or start the console with --ca FILE.</source>
        <translation>服务器的证书不受信任（%1）。请在登录对话框中选择签发该证书的 CA 文件，或使用 --ca FILE 启动控制台。</translation>
    </message>
    <message>
        <source>The secure connection to the server failed: %1</source>
        <translation>与服务器的安全连接失败：%1</translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation>CA 文件 %1 不存在。</translation>
    </message>
    <message>
        <source>Cannot read the CA file %1: %2</source>
        <translation>无法读取 CA 文件 %1：%2</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>The CA file %1 is larger than %2 KiB.</source>
        <translation>CA 文件 %1 超过 %2 KiB。</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificate (&quot;-----BEGIN CERTIFICATE-----&quot;).</source>
        <translation>CA 文件 %1 中没有 PEM 证书（“-----BEGIN CERTIFICATE-----”）。</translation>
    </message>
    <message>
        <source>Every certificate in the CA file %1 has expired or is not valid yet.</source>
        <translation>CA 文件 %1 中的证书均已过期或尚未生效。</translation>
    </message>
    <message>
        <source>the TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>certificate not trusted: %1; pass --ca FILE</source>
        <translation>证书不受信任：%1；请用 --ca FILE 指定 CA 文件</translation>
    </message>
    <message>
        <source>certificate not trusted: %1; %2</source>
        <translation>证书不受信任：%1；%2</translation>
    </message>
</context>
<context>
    <name>spk-console</name>
    <message>
        <source>spk fleet console</source>
        <translation>spk 设备管理控制台</translation>
    </message>
</context>
<context>
    <name>spk::client::ApiClient</name>
    <message>
        <source>The server address &quot;%1&quot; is not an http:// or https:// URL.</source>
        <translation>服务器地址“%1”不是 http:// 或 https:// 开头的网址。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>spk::client::ApiReply</name>
    <message>
        <source>The request was canceled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <source>The server did not answer within %1 s.</source>
        <translation>服务器在 %1 秒内未响应。</translation>
    </message>
    <message>
        <source>Could not write the download: %1</source>
        <translation>无法保存下载内容：%1</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1: %2</source>
        <translation>无法连接服务器 %1：%2</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <source>The server sent a response that is not a JSON object.</source>
        <translation>服务器返回的内容不是 JSON 对象。</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
</context>
<context>
    <name>spk::client::LiveClient</name>
    <message>
        <source>The server address &quot;%1&quot; is not a valid URL.</source>
        <translation>服务器地址“%1”不是有效的网址。</translation>
    </message>
    <message>
        <source>The server refused the token for the live feed.</source>
        <translation>服务器拒绝了实时推送连接的令牌。</translation>
    </message>
    <message>
        <source>The server stopped answering; reconnecting.</source>
        <translation>服务器已无响应，正在重新连接。</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
</context>
<context>
    <name>spk::console::ActivityListModel</name>
    <message>
        <source>listening</source>
        <translation>聆听中</translation>
    </message>
    <message>
        <source>recognizing</source>
        <translation>识别中</translation>
    </message>
    <message>
        <source>thinking</source>
        <translation>思考中</translation>
    </message>
    <message>
        <source>speaking</source>
        <translation>播报中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1  %2  session %3: %4</source>
        <translation>%1  %2  会话 %3：%4</translation>
    </message>
</context>
<context>
    <name>spk::console::ActivityPage</name>
    <message>
        <source>Conversations as they happen. Double-click one to open the session.</source>
        <translation>实时显示正在进行的对话。双击某一条可打开对应会话。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
</context>
<context>
    <name>spk::console::AddDeviceDialog</name>
    <message>
        <source>Add device</source>
        <translation>添加设备</translation>
    </message>
    <message>
        <source>e.g. dev123</source>
        <translation>例如 dev123</translation>
    </message>
    <message>
        <source>Device id:</source>
        <translation>设备 ID：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>所有者：</translation>
    </message>
    <message>
        <source>The device id must be 1–64 letters, digits, _ or -.</source>
        <translation>设备 ID 须为 1–64 个字母、数字、_ 或 -。</translation>
    </message>
    <message>
        <source>Give the device a name.</source>
        <translation>请为设备命名。</translation>
    </message>
    <message>
        <source>Choose the owner.</source>
        <translation>请选择所有者。</translation>
    </message>
</context>
<context>
    <name>spk::console::AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>The user name must be 1–64 letters, digits or _ . @ -.</source>
        <translation>用户名须为 1–64 个字母、数字或 _ . @ -。</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>spk::console::AdminPage</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Remove user…</source>
        <translation>删除用户…</translation>
    </message>
    <message>
        <source>Add device…</source>
        <translation>添加设备…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Load older entries</source>
        <translation>加载更早的记录</translation>
    </message>
    <message>
        <source>Cannot load users: %1</source>
        <translation>无法加载用户列表：%1</translation>
    </message>
    <message>
        <source>Cannot load the audit log: %1</source>
        <translation>无法加载审计日志：%1</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>已添加用户 %1。</translation>
    </message>
    <message>
        <source>Select the user to remove first.</source>
        <translation>请先选择要删除的用户。</translation>
    </message>
    <message>
        <source>You cannot remove your own account.</source>
        <translation>不能删除自己的账号。</translation>
    </message>
    <message>
        <source>Remove user</source>
        <translation>删除用户</translation>
    </message>
    <message>
        <source>Remove the account %1? They will no longer be able to log in.</source>
        <translation>确定删除账号 %1 吗？删除后该用户将无法登录。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cannot remove %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>User %1 removed.</source>
        <translation>已删除用户 %1。</translation>
    </message>
</context>
<context>
    <name>spk::console::AuditTableModel</name>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>spk::console::ConfigKeyControl</name>
    <message>
        <source>%1: sending %2… waiting for the device to confirm.</source>
        <translation>%1：正在发送 %2… 等待设备确认。</translation>
    </message>
    <message>
        <source>%1 %2 confirmed by the device.</source>
        <translation>设备已确认%1为 %2。</translation>
    </message>
    <message>
        <source>Timed out: %1 %2 was not confirmed by the device in time. It is saved and will be applied when the device reconnects.</source>
        <translation>超时：设备未能及时确认%1 %2。设置已保存，设备重新连接后会自动生效。</translation>
    </message>
    <message>
        <source>Permission denied: your role may not change this device.</source>
        <translation>权限不足：您的角色无权修改此设备。</translation>
    </message>
    <message>
        <source>%1 not changed: %2</source>
        <translation>%1未更改：%2</translation>
    </message>
</context>
<context>
    <name>spk::console::ConfigKeySlider</name>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>LED brightness</source>
        <translation>指示灯亮度</translation>
    </message>
</context>
<context>
    <name>spk::console::DashboardPage</name>
    <message>
        <source>%1 devices online, %2 offline</source>
        <translation>%1 台设备在线，%2 台离线</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Devices online</source>
        <translation>在线设备数</translation>
    </message>
    <message>
        <source>Sessions per minute (last %1 minutes)</source>
        <translation>每分钟会话数（最近 %1 分钟）</translation>
    </message>
    <message>
        <source>Latency by stage, ms since wake word</source>
        <translation>各阶段延迟（自唤醒起，毫秒）</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>known devices</source>
        <translation>设备总数</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>no completed sessions yet</source>
        <translation>暂无已完成的会话</translation>
    </message>
</context>
<context>
    <name>spk::console::DeviceDetailPanel</name>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Battery:</source>
        <translation>电量：</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>固件：</translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation>最近上线：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>所有者：</translation>
    </message>
    <message>
        <source>Reboot…</source>
        <translation>重启…</translation>
    </message>
    <message>
        <source>Recent sessions (double-click to open)</source>
        <translation>最近的会话（双击打开）</translation>
    </message>
    <message>
        <source>Your role (%1) may look at devices but not change them.</source>
        <translation>您的角色（%1）只能查看设备，不能修改设备设置。</translation>
    </message>
    <message>
        <source>Select a device</source>
        <translation>请选择设备</translation>
    </message>
    <message>
        <source>Reboot device</source>
        <translation>重启设备</translation>
    </message>
    <message>
        <source>Reboot %1 now? A conversation in progress on it will be cut off.</source>
        <translation>现在重启 %1 吗？该设备上正在进行的对话将被中断。</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reboot sent… waiting for the device to confirm.</source>
        <translation>已发送重启指令，正在等待设备确认…</translation>
    </message>
    <message>
        <source>The device confirmed the reboot.</source>
        <translation>设备已确认重启。</translation>
    </message>
    <message>
        <source>Timed out: the device did not confirm the reboot in time.</source>
        <translation>超时：设备未能及时确认重启。</translation>
    </message>
    <message>
        <source>Reboot failed: %1</source>
        <translation>重启失败：%1</translation>
    </message>
    <message>
        <source>Cannot load sessions: %1</source>
        <translation>无法加载会话：%1</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>暂无会话。</translation>
    </message>
    <message>
        <source>New secret…</source>
        <translation>新密钥…</translation>
    </message>
    <message>
        <source>New device secret</source>
        <translation>新设备密钥</translation>
    </message>
    <message>
        <source>Give %1 a new secret? Its current secret stops working at once and the device is disconnected until the new one is put on it.</source>
        <translation>为 %1 生成新密钥？当前密钥将立即失效，设备会断开连接，直到装上新密钥为止。</translation>
    </message>
    <message>
        <source>New secret</source>
        <translation>生成新密钥</translation>
    </message>
    <message>
        <source>No new secret: %1</source>
        <translation>未能生成新密钥：%1</translation>
    </message>
</context>
<context>
    <name>spk::console::DeviceSecretDialog</name>
    <message>
        <source>Device secret</source>
        <translation>设备密钥</translation>
    </message>
    <message>
        <source>Device %1 was added. This is its secret: copy it into the device now. It is shown only this once and cannot be shown again.</source>
        <translation>设备 %1 已添加。下面是它的密钥，请立即复制并写入设备。密钥仅显示这一次，之后无法再次查看。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>I have saved it</source>
        <translation>我已保存</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Device %1 has a new secret; the old one no longer works and the device stays disconnected until it has this one. Copy it into the device now: it is shown only this once.</source>
        <translation>设备 %1 已有新密钥；旧密钥不再有效，设备在装上新密钥之前会保持断开。请现在把它复制到设备中：它只显示这一次。</translation>
    </message>
</context>
<context>
    <name>spk::console::DeviceTableModel</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未上线</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>电量</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近上线</translation>
    </message>
</context>
<context>
    <name>spk::console::DevicesPage</name>
    <message>
        <source>Filter by id, name, owner or firmware</source>
        <translation>按 ID、名称、所有者或固件筛选</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>全部设备</translation>
    </message>
    <message>
        <source>Online only</source>
        <translation>仅在线</translation>
    </message>
    <message>
        <source>Offline only</source>
        <translation>仅离线</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Cannot load the devices: %1</source>
        <translation>无法加载设备列表：%1</translation>
    </message>
</context>
<context>
    <name>spk::console::FormDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>spk::console::LoginDialog</name>
    <message>
        <source>Log in to spk</source>
        <translation>登录 spk</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>http://host:port</source>
        <translation>http://主机:端口</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Enter the server address, for example http://127.0.0.1:8080.</source>
        <translation>请输入服务器地址，例如 http://127.0.0.1:8080。</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>The server sent an answer this console does not understand.</source>
        <translation>服务器返回了本控制台无法识别的响应。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Too many failed attempts: this account is locked for a while. Wait a minute and try again.</source>
        <translation>失败次数过多，账号已被暂时锁定。请稍等一分钟后再试。</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the address and that the server is running.</source>
        <translation>无法连接服务器 %1。请检查地址是否正确、服务器是否已启动。</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>only for https with a private CA (ca.crt)</source>
        <translation>仅用于私有 CA 签发的 https（ca.crt）</translation>
    </message>
    <message>
        <source>The PEM file of the certificate authority that signed the server&apos;s certificate. Leave empty when the system already trusts it.</source>
        <translation>签发服务器证书的证书颁发机构（CA）的 PEM 文件。如果系统已信任该证书，请留空。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation>证书 (*.crt *.pem);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>spk::console::MainWindow</name>
    <message>
        <source>Your login has expired. Log in again to continue where you were.</source>
        <translation>登录已过期。重新登录后可继续当前的工作。</translation>
    </message>
    <message>
        <source>About spk console</source>
        <translation>关于 spk 控制台</translation>
    </message>
    <message>
        <source>spk console %1
Manage the speaker fleet, listen back to sessions.</source>
        <translation>spk 控制台 %1
管理音箱设备，回听会话录音。</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Live activity</source>
        <translation>实时动态</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>spk console</source>
        <translation>spk 控制台</translation>
    </message>
    <message>
        <source>spk console — %1 at %2</source>
        <translation>spk 控制台 — %1 @ %2</translation>
    </message>
    <message>
        <source>not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Live: connected</source>
        <translation>实时推送：已连接</translation>
    </message>
    <message>
        <source>Live: connecting…</source>
        <translation>实时推送：正在连接…</translation>
    </message>
    <message>
        <source>Live: connection lost, retrying…</source>
        <translation>实时推送：连接中断，正在重试…</translation>
    </message>
    <message>
        <source>Live: login refused</source>
        <translation>实时推送：登录被拒绝</translation>
    </message>
    <message>
        <source>Live: off</source>
        <translation>实时推送：未连接</translation>
    </message>
    <message>
        <source>Online: %1 · Offline: %2</source>
        <translation>在线：%1 · 离线：%2</translation>
    </message>
    <message>
        <source>Live: server certificate not trusted</source>
        <translation>实时推送：服务器证书不受信任</translation>
    </message>
</context>
<context>
    <name>spk::console::SessionDetailPanel</name>
    <message>
        <source>Conversation</source>
        <translation>对话内容</translation>
    </message>
    <message>
        <source>Stages (ms since wake word)</source>
        <translation>处理阶段（自唤醒起，毫秒）</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Loading session %1…</source>
        <translation>正在加载会话 %1…</translation>
    </message>
    <message>
        <source>Select a session to see what was said and to listen to it.</source>
        <translation>选择一个会话，即可查看对话内容并回听录音。</translation>
    </message>
    <message>
        <source>Cannot load session %1: %2</source>
        <translation>无法加载会话 %1：%2</translation>
    </message>
    <message>
        <source>Session %1 on %2 — %3</source>
        <translation>会话 %1，设备 %2 — %3</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>开始于 %1</translation>
    </message>
    <message>
        <source>lasted %1</source>
        <translation>持续 %1</translation>
    </message>
    <message>
        <source>device session %1</source>
        <translation>设备端会话 %1</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Speaker:</source>
        <translation>音箱：</translation>
    </message>
    <message>
        <source>No transcript recorded.</source>
        <translation>没有对话记录。</translation>
    </message>
</context>
<context>
    <name>spk::console::SessionTableModel</name>
    <message>
        <source>active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>User said</source>
        <translation>用户说</translation>
    </message>
    <message>
        <source>Speaker answered</source>
        <translation>音箱回答</translation>
    </message>
</context>
<context>
    <name>spk::console::SessionsPage</name>
    <message>
        <source>Device id (empty: all devices)</source>
        <translation>设备 ID（留空表示全部设备）</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Load older sessions</source>
        <translation>加载更早的会话</translation>
    </message>
    <message>
        <source>The start of the date range is after its end.</source>
        <translation>起始时间晚于结束时间。</translation>
    </message>
    <message>
        <source>Cannot load sessions: %1</source>
        <translation>无法加载会话：%1</translation>
    </message>
</context>
<context>
    <name>spk::console::StageTimelineWidget</name>
    <message>
        <source>No stage timings recorded</source>
        <translation>没有记录各阶段耗时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>total %1 ms</source>
        <translation>共 %1 毫秒</translation>
    </message>
</context>
<context>
    <name>spk::console::TrackPlayer</name>
    <message>
        <source>Cannot play this track: %1</source>
        <translation>无法播放此音轨：%1</translation>
    </message>
    <message>
        <source>User audio</source>
        <translation>用户录音</translation>
    </message>
    <message>
        <source>Speaker audio</source>
        <translation>音箱播报</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Drag to seek</source>
        <translation>拖动以跳转</translation>
    </message>
    <message>
        <source>No session selected.</source>
        <translation>未选择会话。</translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>正在加载音频…</translation>
    </message>
    <message>
        <source>Loaded. No audio output device on this computer: playback is silent.</source>
        <translation>已加载。本机没有音频输出设备，播放时不会有声音。</translation>
    </message>
    <message>
        <source>Loaded.</source>
        <translation>已加载。</translation>
    </message>
    <message>
        <source>This track was not recorded.</source>
        <translation>此音轨没有录音。</translation>
    </message>
    <message>
        <source>Cannot load the audio: %1</source>
        <translation>无法加载音频：%1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>no temporary folder</source>
        <translation>无法创建临时文件夹</translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <translation>无法覆盖 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Export audio</source>
        <translation>导出音频</translation>
    </message>
    <message>
        <source>Ogg Opus audio (*.ogg *.opus)</source>
        <translation>Ogg Opus 音频 (*.ogg *.opus)</translation>
    </message>
</context>
<context>
    <name>spk::console::UserTableModel</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>User</source>
        <translation>普通用户</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>spkctl</name>
    <message>
        <source>Shows the audit log, newest first (admin only): who did what to which object,
when, and from which address. Failed logins are included.</source>
        <translation>显示审计日志，最新的在前（仅限管理员）：谁在何时、从哪个地址对哪个对象做了什么。
包括失败的登录尝试。</translation>
    </message>
    <message>
        <source>at most N entries (1-1000; server default otherwise)</source>
        <translation>最多 N 条记录（1-1000；不指定则使用服务器默认值）</translation>
    </message>
    <message>
        <source>entries older than this entry id (paging)</source>
        <translation>早于此记录 ID 的记录（分页）</translation>
    </message>
    <message>
        <source>audit takes no arguments; use --limit N.</source>
        <translation>audit 不接受参数；请使用 --limit N。</translation>
    </message>
    <message>
        <source>No audit entries.</source>
        <translation>没有审计记录。</translation>
    </message>
    <message>
        <source>TIME</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>ACTOR</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>ACTION</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>OBJECT</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>FROM</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>DETAILS</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>(anonymous)</source>
        <translation>（匿名）</translation>
    </message>
    <message>
        <source>account name</source>
        <translation>账号名</translation>
    </message>
    <message>
        <source>read the password from standard input</source>
        <translation>从标准输入读取密码</translation>
    </message>
    <message>
        <source>Revokes the saved token on the server (it stops working everywhere) and removes
it from the credentials file. The server address is kept.</source>
        <translation>在服务器上吊销已保存的令牌（令牌在所有地方立即失效），并将其从凭据文件中删除。
服务器地址会保留。</translation>
    </message>
    <message>
        <source>Shows the user the current token belongs to.</source>
        <translation>显示当前令牌所属的用户。</translation>
    </message>
    <message>
        <source>login takes no arguments; use --user NAME.</source>
        <translation>login 不接受参数；请使用 --user 用户名。</translation>
    </message>
    <message>
        <source>Give the account name with --user when not on a terminal.</source>
        <translation>不在终端中运行时，请用 --user 指定账号名。</translation>
    </message>
    <message>
        <source>Username: </source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>No username given.</source>
        <translation>未输入用户名。</translation>
    </message>
    <message>
        <source>--password-stdin: standard input is empty.</source>
        <translation>--password-stdin：标准输入为空。</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>%1 的密码：</translation>
    </message>
    <message>
        <source>No password given.</source>
        <translation>未输入密码。</translation>
    </message>
    <message>
        <source>No terminal to ask for the password; use --password-stdin.</source>
        <translation>没有可用于输入密码的终端；请使用 --password-stdin。</translation>
    </message>
    <message>
        <source>The server answered the login without a token.</source>
        <translation>服务器的登录响应中没有令牌。</translation>
    </message>
    <message>
        <source>Logged in to %1 as %2 (%3).</source>
        <translation>已登录 %1，用户 %2（%3）。</translation>
    </message>
    <message>
        <source>The token is valid until %1.</source>
        <translation>令牌有效期至 %1。</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>logout takes no arguments.</source>
        <translation>logout 不接受参数。</translation>
    </message>
    <message>
        <source>The token was removed locally but could not be revoked on the server.</source>
        <translation>令牌已在本地删除，但未能在服务器上吊销。</translation>
    </message>
    <message>
        <source>Logged out; the token is revoked.</source>
        <translation>已退出登录，令牌已吊销。</translation>
    </message>
    <message>
        <source>The token was no longer valid; removed it locally.</source>
        <translation>令牌已失效，已在本地删除。</translation>
    </message>
    <message>
        <source>whoami takes no arguments.</source>
        <translation>whoami 不接受参数。</translation>
    </message>
    <message>
        <source>%1 (id %2, role %3) on %4</source>
        <translation>%1（ID %2，角色 %3），服务器 %4</translation>
    </message>
    <message>
        <source>Restarts a speaker (owner or admin) and waits up to 5 s for it to acknowledge.
Exit code 6 when the speaker does not answer in time.</source>
        <translation>重启音箱（所有者或管理员），并最多等待 5 秒的确认。
音箱未及时响应时退出码为 6。</translation>
    </message>
    <message>
        <source>The device %1 did not acknowledge in time. The request is saved and will be delivered when the device reconnects.</source>
        <translation>设备 %1 未能及时确认。请求已保存，设备重新连接后会送达。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a device id (1-64 letters, digits, &apos;_&apos; or &apos;-&apos;).</source>
        <translation>“%1”不是有效的设备 ID（1-64 个字母、数字、“_”或“-”）。</translation>
    </message>
    <message>
        <source>config needs a DEVICE_ID and at least one KEY=VALUE.</source>
        <translation>config 需要一个 DEVICE_ID 和至少一个 KEY=VALUE。</translation>
    </message>
    <message>
        <source>%1 acknowledged: %2</source>
        <translation>%1 已确认：%2</translation>
    </message>
    <message>
        <source>reboot needs exactly one DEVICE_ID.</source>
        <translation>reboot 需要且只需要一个 DEVICE_ID。</translation>
    </message>
    <message>
        <source>%1 acknowledged the reboot.</source>
        <translation>%1 已确认重启。</translation>
    </message>
    <message>
        <source>ls: only this user&apos;s speakers; add: the owner</source>
        <translation>ls：只列出该用户的音箱；add：指定所有者</translation>
    </message>
    <message>
        <source>add: a name people recognise, e.g. &quot;Kitchen&quot;</source>
        <translation>add：便于识别的名称，例如“厨房”</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>devices ls takes no arguments.</source>
        <translation>devices ls 不接受参数。</translation>
    </message>
    <message>
        <source>No devices.</source>
        <translation>没有设备。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>OWNER</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>VOLUME</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>BATTERY</source>
        <translation>电量</translation>
    </message>
    <message>
        <source>FIRMWARE</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>LAST SEEN</source>
        <translation>最近上线</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未上线</translation>
    </message>
    <message>
        <source>FIELD</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>值</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>battery</source>
        <translation>电量</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>last seen</source>
        <translation>最近上线</translation>
    </message>
    <message>
        <source>created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source> (not yet acknowledged)</source>
        <translation>（尚未确认）</translation>
    </message>
    <message>
        <source>devices show needs exactly one DEVICE_ID.</source>
        <translation>devices show 需要且只需要一个 DEVICE_ID。</translation>
    </message>
    <message>
        <source>devices add needs exactly one DEVICE_ID.</source>
        <translation>devices add 需要且只需要一个 DEVICE_ID。</translation>
    </message>
    <message>
        <source>devices add needs --name NAME.</source>
        <translation>devices add 需要 --name 名称。</translation>
    </message>
    <message>
        <source>devices add needs --owner USER_ID (see &quot;spkctl users ls&quot;).</source>
        <translation>devices add 需要 --owner USER_ID（参见“spkctl users ls”）。</translation>
    </message>
    <message>
        <source>Device %1 (&quot;%2&quot;) added for user %3.</source>
        <translation>已为用户 %3 添加设备 %1（“%2”）。</translation>
    </message>
    <message>
        <source>Device secret - shown only now; put it on the speaker and keep it safe:</source>
        <translation>设备密钥——仅此一次显示；请写入音箱并妥善保管：</translation>
    </message>
    <message>
        <source>devices rm needs exactly one DEVICE_ID.</source>
        <translation>devices rm 需要且只需要一个 DEVICE_ID。</translation>
    </message>
    <message>
        <source>Device %1 removed.</source>
        <translation>已删除设备 %1。</translation>
    </message>
    <message>
        <source>--name only applies to devices add.</source>
        <translation>--name 只能用于 devices add。</translation>
    </message>
    <message>
        <source>--owner only applies to devices ls and add.</source>
        <translation>--owner 只能用于 devices ls 和 add。</translation>
    </message>
    <message>
        <source>ls     lists conversations newest first, on the speakers you may see. When more
       exist, the command for the next page is printed on stderr.
show   prints one conversation: what was heard, what was answered, and how long
       each stage took.
audio  saves a recorded track as Ogg Opus: user = what the speaker heard,
       assistant = what it played (support, admin or the owner).</source>
        <translation>ls     列出您可查看的音箱上的对话，最新的在前。如果还有更多，
       下一页的命令会输出到 stderr。
show   显示一次对话：听到了什么、回答了什么，以及各阶段的耗时。
audio  将录音音轨保存为 Ogg Opus：user = 音箱听到的内容，
       assistant = 音箱播放的内容（客服、管理员或所有者）。</translation>
    </message>
    <message>
        <source>ls: only this speaker</source>
        <translation>ls：只列出这台音箱</translation>
    </message>
    <message>
        <source>ls: active, completed or failed</source>
        <translation>ls：active、completed 或 failed</translation>
    </message>
    <message>
        <source>ls: at most N sessions (1-500)</source>
        <translation>ls：最多 N 个会话（1-500）</translation>
    </message>
    <message>
        <source>ls: the page after CURSOR</source>
        <translation>ls：CURSOR 之后的一页</translation>
    </message>
    <message>
        <source>audio: user or assistant</source>
        <translation>audio：user 或 assistant</translation>
    </message>
    <message>
        <source>audio: where to write the .ogg file</source>
        <translation>audio：.ogg 文件的保存位置</translation>
    </message>
    <message>
        <source>sessions ls takes no arguments; use --device, --status, --limit.</source>
        <translation>sessions ls 不接受参数；请使用 --device、--status、--limit。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a device id.</source>
        <translation>“%1”不是有效的设备 ID。</translation>
    </message>
    <message>
        <source>--status must be active, completed or failed.</source>
        <translation>--status 必须是 active、completed 或 failed。</translation>
    </message>
    <message>
        <source>No sessions.</source>
        <translation>没有会话。</translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>STARTED</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>DURATION</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>QUESTION</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>More sessions: %1</source>
        <translation>更多会话：%1</translation>
    </message>
    <message>
        <source>Session %1 on %2 (device session %3)</source>
        <translation>会话 %1，设备 %2（设备端会话 %3）</translation>
    </message>
    <message>
        <source>Status:   %1</source>
        <translation>状态：    %1</translation>
    </message>
    <message>
        <source>Started:  %1</source>
        <translation>开始：    %1</translation>
    </message>
    <message>
        <source>Ended:    %1</source>
        <translation>结束：    %1</translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation>时长：    %1</translation>
    </message>
    <message>
        <source>Audio:    %1</source>
        <translation>录音：    %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Conversation:</source>
        <translation>对话：</translation>
    </message>
    <message>
        <source>  (nothing recognised)</source>
        <translation>  （未识别到内容）</translation>
    </message>
    <message>
        <source>Timings (ms since wake):</source>
        <translation>各阶段耗时（自唤醒起，毫秒）：</translation>
    </message>
    <message>
        <source>STAGE</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>MS</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>sessions show needs exactly one SESSION_ID.</source>
        <translation>sessions show 需要且只需要一个 SESSION_ID。</translation>
    </message>
    <message>
        <source>sessions audio needs exactly one SESSION_ID.</source>
        <translation>sessions audio 需要且只需要一个 SESSION_ID。</translation>
    </message>
    <message>
        <source>sessions audio needs --track user or --track assistant.</source>
        <translation>sessions audio 需要 --track user 或 --track assistant。</translation>
    </message>
    <message>
        <source>sessions audio needs -o FILE.</source>
        <translation>sessions audio 需要 -o 文件。</translation>
    </message>
    <message>
        <source>Saved the %1 track of session %2 to %3 (%4 bytes).</source>
        <translation>已将会话 %2 的 %1 音轨保存到 %3（%4 字节）。</translation>
    </message>
    <message>
        <source>Say what to do: sessions ls, show or audio.</source>
        <translation>请指定操作：sessions ls、show 或 audio。</translation>
    </message>
    <message>
        <source>Unknown sessions command &quot;%1&quot;; use ls, show or audio.</source>
        <translation>未知的 sessions 命令“%1”；请使用 ls、show 或 audio。</translation>
    </message>
    <message>
        <source>--%1 only applies to sessions ls.</source>
        <translation>--%1 只能用于 sessions ls。</translation>
    </message>
    <message>
        <source>--track and -o only apply to sessions audio.</source>
        <translation>--track 和 -o 只能用于 sessions audio。</translation>
    </message>
    <message>
        <source>Manages accounts (admin only).
Roles: admin can do everything; support can read all devices and sessions and
listen to audio, but change nothing; user sees only the speakers they own.
add asks for the new password twice on the terminal, or reads one line from
standard input with --password-stdin.</source>
        <translation>管理账号（仅限管理员）。
角色：admin 可执行所有操作；support 可查看所有设备和会话并收听录音，
但不能做任何修改；user 只能看到自己拥有的音箱。
add 会在终端中要求输入两次新密码，或者使用 --password-stdin
从标准输入读取一行。</translation>
    </message>
    <message>
        <source>admin, support or user</source>
        <translation>admin、support 或 user</translation>
    </message>
    <message>
        <source>users ls takes no arguments.</source>
        <translation>users ls 不接受参数。</translation>
    </message>
    <message>
        <source>USERNAME</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>ROLE</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>--password-stdin: standard input has no password.</source>
        <translation>--password-stdin：标准输入中没有密码。</translation>
    </message>
    <message>
        <source>New password: </source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat the password: </source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>users add needs exactly one USERNAME.</source>
        <translation>users add 需要且只需要一个 USERNAME。</translation>
    </message>
    <message>
        <source>users add needs --role admin, support or user.</source>
        <translation>users add 需要 --role admin、support 或 user。</translation>
    </message>
    <message>
        <source>User %1 added with id %2 (role %3).</source>
        <translation>已添加用户 %1，ID 为 %2（角色 %3）。</translation>
    </message>
    <message>
        <source>users rm needs exactly one USER_ID (see &quot;spkctl users ls&quot;).</source>
        <translation>users rm 需要且只需要一个 USER_ID（参见“spkctl users ls”）。</translation>
    </message>
    <message>
        <source>User %1 removed.</source>
        <translation>已删除用户 %1。</translation>
    </message>
    <message>
        <source>--role and --password-stdin only apply to users add.</source>
        <translation>--role 和 --password-stdin 只能用于 users add。</translation>
    </message>
    <message>
        <source>Say what to do: users ls, add or rm.</source>
        <translation>请指定操作：users ls、add 或 rm。</translation>
    </message>
    <message>
        <source>Unknown users command &quot;%1&quot;; use ls, add or rm.</source>
        <translation>未知的 users 命令“%1”；请使用 ls、add 或 rm。</translation>
    </message>
    <message>
        <source>Streams what happens on your speakers as it happens: status changes, the stages
of each conversation, and config acknowledgements. One line per event; with
--json one JSON object per line, exactly as the server sent it. Reconnects by
itself when the connection drops. Ctrl-C stops (exit code 0).</source>
        <translation>实时显示您的音箱上发生的事情：状态变化、每次对话的各个阶段以及配置确认。
每个事件一行；使用 --json 时每行一个 JSON 对象，与服务器发送的完全一致。
连接中断时会自动重连。按 Ctrl-C 停止（退出码 0）。</translation>
    </message>
    <message>
        <source>only events of this speaker</source>
        <translation>只显示这台音箱的事件</translation>
    </message>
    <message>
        <source>stop after N events</source>
        <translation>收到 N 个事件后停止</translation>
    </message>
    <message>
        <source>watch takes no arguments; use --device ID.</source>
        <translation>watch 不接受参数；请使用 --device ID。</translation>
    </message>
    <message>
        <source>Watching %1 (Ctrl-C to stop).</source>
        <translation>正在监视 %1（按 Ctrl-C 停止）。</translation>
    </message>
    <message>
        <source>Connection lost; reconnecting...</source>
        <translation>连接中断，正在重新连接…</translation>
    </message>
    <message>
        <source>spkctl: %1</source>
        <translation>spkctl：%1</translation>
    </message>
    <message>
        <source>spkctl: the server rejected the token. Log in again: spkctl login</source>
        <translation>spkctl：服务器拒绝了令牌。请重新登录：spkctl login</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation>示例：</translation>
    </message>
    <message>
        <source>%1 must be a whole number from 1 to %2, not &quot;%3&quot;.</source>
        <translation>%1 必须是 1 到 %2 之间的整数，而不是“%3”。</translation>
    </message>
    <message>
        <source>%1 must be a positive number, not &quot;%2&quot;.</source>
        <translation>%1 必须是正数，而不是“%2”。</translation>
    </message>
    <message>
        <source>spkctl: warning: %1</source>
        <translation>spkctl：警告：%1</translation>
    </message>
    <message>
        <source>Your session has ended or the token is not valid. Log in again: spkctl login</source>
        <translation>登录已结束或令牌无效。请重新登录：spkctl login</translation>
    </message>
    <message>
        <source>Check that spkd is running and that the server address is right (--server, SPK_SERVER or spkctl login --server).</source>
        <translation>请检查 spkd 是否正在运行，以及服务器地址是否正确（--server、SPK_SERVER 或 spkctl login --server）。</translation>
    </message>
    <message>
        <source>Run &quot;spkctl %1 --help&quot; for usage.</source>
        <translation>运行“spkctl %1 --help”查看用法。</translation>
    </message>
    <message>
        <source>spkctl: not logged in to %1. Run &quot;spkctl login&quot; or set SPK_TOKEN.</source>
        <translation>spkctl：尚未登录 %1。请运行“spkctl login”或设置 SPK_TOKEN。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a valid spkctl credentials file; run &quot;spkctl login&quot; again.</source>
        <translation>%1 不是有效的 spkctl 凭据文件；请重新运行“spkctl login”。</translation>
    </message>
    <message>
        <source>Cannot create the directory %1.</source>
        <translation>无法创建目录 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Log in and remember the token for later commands</source>
        <translation>登录并保存令牌，供之后的命令使用</translation>
    </message>
    <message>
        <source>Revoke the token on the server and forget it</source>
        <translation>在服务器上吊销令牌并删除本地副本</translation>
    </message>
    <message>
        <source>Show the logged-in user</source>
        <translation>显示当前登录的用户</translation>
    </message>
    <message>
        <source>List, show, add and remove speakers</source>
        <translation>列出、查看、添加和删除音箱</translation>
    </message>
    <message>
        <source>Change a speaker&apos;s settings (volume=80 ...)</source>
        <translation>修改音箱设置（volume=80 …）</translation>
    </message>
    <message>
        <source>Restart a speaker</source>
        <translation>重启音箱</translation>
    </message>
    <message>
        <source>Stream live device status and session progress</source>
        <translation>实时显示设备状态和会话进度</translation>
    </message>
    <message>
        <source>List, add and remove users (admin)</source>
        <translation>列出、添加和删除用户（管理员）</translation>
    </message>
    <message>
        <source>Show who did what, when (admin)</source>
        <translation>查看谁在何时做了什么（管理员）</translation>
    </message>
    <message>
        <source>Browse conversations, read transcripts, fetch audio</source>
        <translation>浏览对话、阅读转写文本、下载录音</translation>
    </message>
    <message>
        <source>--%1 needs a value.</source>
        <translation>--%1 需要一个值。</translation>
    </message>
    <message>
        <source>--%1 needs a non-empty value.</source>
        <translation>--%1 需要一个非空的值。</translation>
    </message>
    <message>
        <source>Unknown option &quot;%1&quot;.</source>
        <translation>未知选项“%1”。</translation>
    </message>
    <message>
        <source>Run &quot;spkctl --help&quot; for usage.</source>
        <translation>运行“spkctl --help”查看用法。</translation>
    </message>
    <message>
        <source>spkctl: unknown command &quot;%1&quot;.</source>
        <translation>spkctl：未知命令“%1”。</translation>
    </message>
    <message>
        <source>Run &quot;spkctl --help&quot; for the list of commands.</source>
        <translation>运行“spkctl --help”查看命令列表。</translation>
    </message>
    <message>
        <source>in the future</source>
        <translation>将来</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>Give at least one setting as KEY=VALUE, for example volume=80.</source>
        <translation>请至少以 KEY=VALUE 的形式给出一项设置，例如 volume=80。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not KEY=VALUE (for example volume=80).</source>
        <translation>“%1”不是 KEY=VALUE 格式（例如 volume=80）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: the key must be 1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;.</source>
        <translation>“%1”：键名必须是 1-64 个字母、数字、“_”、“.”或“-”。</translation>
    </message>
    <message>
        <source>The key &quot;%1&quot; is given more than once.</source>
        <translation>键“%1”重复出现。</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>acknowledged %1</source>
        <translation>已确认 %1</translation>
    </message>
    <message>
        <source>(request %1)</source>
        <translation>（请求 %1）</translation>
    </message>
    <message>
        <source>Changes a speaker&apos;s settings (owner or admin). The server saves them first, then
sends them to the speaker and waits up to 5 s for its acknowledgement.
Values are typed: 80 is a number, 0.5 a number, true/false booleans, null a null,
anything else (or anything in quotes) a string. Settings: %1.
If the speaker does not answer in time, spkctl exits with code 6: the settings
stay saved and reach the speaker when it reconnects.</source>
        <translation>修改音箱的设置（所有者或管理员）。服务器先保存设置，再发送给音箱，
并最多等待 5 秒的确认。
值带有类型：80 和 0.5 是数字，true/false 是布尔值，null 是空值，
其他内容（或带引号的内容）是字符串。可设置项：%1。
如果音箱未及时响应，spkctl 以退出码 6 结束：设置仍会保存，
音箱重新连接后会收到。</translation>
    </message>
    <message>
        <source>ls    lists the speakers you may see (admin and support: all of them; --owner
      narrows the list to one user&apos;s speakers).
show  prints everything the server knows about one speaker.
add   registers a speaker (admin). The answer contains the device secret, which
      the speaker needs to connect: it is shown only this once.
secret gives a speaker a new secret (admin), shown only this once: the old one
      stops working at once and the speaker is disconnected until it has the new
      one. Use it for a lost secret, or for speakers added before the broker
      asked for credentials.
rm    deletes a speaker (admin); it is disconnected at once.
Device ids are 1-64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>ls    列出您可以查看的音箱（管理员和客服可查看全部；--owner
      只列出某个用户的音箱）。
show  显示服务器掌握的某台音箱的全部信息。
add   注册一台音箱（管理员）。响应中包含设备密钥，音箱连接时需要用到，
      且只显示这一次。
secret 为音箱生成新密钥（管理员），只显示这一次：旧密钥立即失效，
      音箱在装上新密钥之前保持断开。用于密钥丢失，或 broker 开始要求
      凭据之前添加的音箱。
rm    删除一台音箱（管理员）；它会立即被断开。
设备 ID 为 1-64 个字母、数字、&apos;_&apos; 或 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>devices secret needs exactly one DEVICE_ID.</source>
        <translation>devices secret 需要且只需要一个 DEVICE_ID。</translation>
    </message>
    <message>
        <source>Device %1 has a new secret; the old one no longer works.</source>
        <translation>设备 %1 已有新密钥；旧密钥不再有效。</translation>
    </message>
    <message>
        <source>Say what to do: devices ls, show, add, secret or rm.</source>
        <translation>请指定操作：devices ls、show、add、secret 或 rm。</translation>
    </message>
    <message>
        <source>Unknown devices command &quot;%1&quot;; use ls, show, add, secret or rm.</source>
        <translation>未知的 devices 命令“%1”；请使用 ls、show、add、secret 或 rm。</translation>
    </message>
    <message>
        <source>Logs in to spkd and saves the server address, the --ca file (if any) and the token in
$XDG_CONFIG_HOME/spk/spkctl.json (readable only by you), so later commands
need no --server or --token. Without --user you are asked for the name; the
password is read from the terminal without echo, or from the first line of
standard input with --password-stdin (for scripts).</source>
        <translation>登录 spkd，并将服务器地址、--ca 文件（如有）和令牌保存到
$XDG_CONFIG_HOME/spk/spkctl.json（仅您本人可读），之后的命令无需再指定
--server 或 --token。未指定 --user 时会询问用户名；密码从终端读取且不回显，
或者使用 --password-stdin 从标准输入的第一行读取（适用于脚本）。</translation>
    </message>
    <message>
        <source>(the CA file comes from --ca, SPK_CA or spkctl login)</source>
        <translation>（CA 文件来自 --ca、SPK_CA 或 spkctl login 保存的设置）</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not signed by a CA this system trusts. Give the CA certificate with --ca FILE or SPK_CA.</source>
        <translation>服务器的证书不是由本系统信任的 CA 签发的。请用 --ca FILE 或 SPK_CA 指定 CA 证书。</translation>
    </message>
    <message>
        <source>The CA file %1 did not sign the server&apos;s certificate (--ca, SPK_CA or the one saved by spkctl login).</source>
        <translation>CA 文件 %1 没有签发服务器的证书（来自 --ca、SPK_CA 或 spkctl login 保存的设置）。</translation>
    </message>
    <message>
        <source>spkctl - command-line control of an spk speaker fleet

Usage:
  spkctl [--server URL] [--ca FILE] [--token TOKEN] [--json] COMMAND [ARGS...]

Commands:
</source>
        <translation>spkctl - 通过命令行管理 spk 音箱设备

用法：
  spkctl [--server URL] [--ca FILE] [--token TOKEN] [--json] 命令 [参数...]

命令：
</translation>
    </message>
    <message>
        <source>
Global options (anywhere on the line):
  --server URL   spkd address, e.g. http://127.0.0.1:8080 or https://spk.example
  --ca FILE      trust the CA certificate(s) in this PEM file for https:// and wss://
                 (besides the system&apos;s CAs), e.g. the ca.crt of scripts/gen-certs.sh
  --token TOKEN  use this token instead of the saved one
  --json         print the server&apos;s JSON instead of tables
  -h, --help     help; &quot;spkctl COMMAND --help&quot; explains a command with examples
  --version      print the version

The server, CA file and token come from the flags, else SPK_SERVER, SPK_CA and SPK_TOKEN,
else the file written by &quot;spkctl login&quot; ($XDG_CONFIG_HOME/spk/spkctl.json), which keeps the
CA file used at login. A certificate that does not verify is an error (exit code 1); there
is no option to skip the check.

Exit codes: 0 ok, 1 refused by the server or failed, 2 bad command line, 3 not logged in or
token rejected, 4 not allowed for your role, 5 server unreachable or timed out,
6 the device did not acknowledge in time.

Examples:
  spkctl --server http://speakers.example:8080 login --user admin
  spkctl --server https://spk.example --ca ca.crt login --user admin
  spkctl devices ls
  spkctl config kitchen volume=40
  spkctl watch --device kitchen
</source>
        <translation>
全局选项（可放在命令行的任何位置）：
  --server URL   spkd 地址，例如 http://127.0.0.1:8080 或 https://spk.example
  --ca FILE      对 https:// 和 wss:// 信任此 PEM 文件中的 CA 证书
                 （系统信任的 CA 之外），例如 scripts/gen-certs.sh 生成的 ca.crt
  --token TOKEN  使用此令牌，而不是已保存的令牌
  --json         输出服务器返回的 JSON，而不是表格
  -h, --help     帮助；“spkctl 命令 --help”会结合示例说明该命令
  --version      显示版本号

服务器地址、CA 文件和令牌依次取自命令行选项、SPK_SERVER、SPK_CA 和 SPK_TOKEN
环境变量，以及“spkctl login”写入的文件（$XDG_CONFIG_HOME/spk/spkctl.json），
该文件会记住登录时使用的 CA 文件。证书验证失败即为错误（退出码 1），
没有跳过验证的选项。

退出码：0 成功，1 被服务器拒绝或失败，2 命令行有误，3 未登录或令牌被拒绝，
4 您的角色无权执行，5 无法连接服务器或超时，6 设备未及时确认。

示例：
  spkctl --server http://speakers.example:8080 login --user admin
  spkctl --server https://spk.example --ca ca.crt login --user admin
  spkctl devices ls
  spkctl config kitchen volume=40
  spkctl watch --device kitchen
</translation>
    </message>
</context>
</TS>
