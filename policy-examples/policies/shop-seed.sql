-- The examples' H2 database: the demo shop (tenants, customers, products, orders) plus what the
-- three example agents work with: support tickets and their comments, staff records that no
-- agent may read, and a page_views table standing in for a big fact table.
-- Small on purpose: every row a case expects is visible here.

CREATE TABLE tenants (
  id        INT PRIMARY KEY,
  name      VARCHAR(100) NOT NULL
);

CREATE TABLE customers (
  id           INT PRIMARY KEY,
  tenant_id    INT NOT NULL REFERENCES tenants(id),
  full_name    VARCHAR(200) NOT NULL,
  email        VARCHAR(200) NOT NULL,
  card_number  VARCHAR(19),
  country      CHAR(2) NOT NULL,
  notes        VARCHAR(1000),
  created_at   TIMESTAMP NOT NULL
);

CREATE TABLE products (
  id           INT PRIMARY KEY,
  name         VARCHAR(200) NOT NULL,
  price        DECIMAL(10, 2) NOT NULL
);

CREATE TABLE orders (
  id           INT PRIMARY KEY,
  tenant_id    INT NOT NULL REFERENCES tenants(id),
  customer_id  INT NOT NULL REFERENCES customers(id),
  product_id   INT NOT NULL REFERENCES products(id),
  quantity     INT NOT NULL,
  total        DECIMAL(12, 2) NOT NULL,
  status       VARCHAR(20) NOT NULL,
  ordered_at   TIMESTAMP NOT NULL
);

CREATE TABLE tickets (
  id           INT PRIMARY KEY,
  tenant_id    INT NOT NULL REFERENCES tenants(id),
  customer_id  INT NOT NULL REFERENCES customers(id),
  subject      VARCHAR(200) NOT NULL,
  status       VARCHAR(20) NOT NULL,
  assignee     VARCHAR(100)
);

CREATE TABLE ticket_comments (
  id           INT AUTO_INCREMENT PRIMARY KEY,
  ticket_id    INT NOT NULL REFERENCES tickets(id),
  tenant_id    INT NOT NULL REFERENCES tenants(id),
  author       VARCHAR(100) NOT NULL,
  body         VARCHAR(2000) NOT NULL
);

CREATE TABLE staff (
  id           INT PRIMARY KEY,
  name         VARCHAR(100) NOT NULL,
  salary       DECIMAL(12, 2) NOT NULL,
  home_address VARCHAR(200) NOT NULL
);

CREATE TABLE page_views (
  id           BIGINT PRIMARY KEY,
  tenant_id    INT NOT NULL,
  path         VARCHAR(200) NOT NULL,
  viewed_at    TIMESTAMP NOT NULL
);

INSERT INTO tenants VALUES (1, 'Acme Corp'), (2, 'Globex');

INSERT INTO customers VALUES
  (1, 1, 'Ada Lovelace', 'ada.lovelace@example.org', '5555555555554444', 'US', 'Called about a late delivery; refund issued.', TIMESTAMP '2023-02-02 10:07:00'),
  (2, 2, 'Grace Hopper', 'grace.hopper@mail.example.net', '378282246310005', 'NL', 'VIP since 2019.', TIMESTAMP '2023-03-03 11:14:00'),
  (3, 1, 'Alan Turing', 'alan.turing@example.com', '4012888888881881', 'DE', 'Asked to update card on file; new card 4242424242424242.', TIMESTAMP '2023-04-04 12:21:00'),
  (4, 2, 'Edsger Dijkstra', 'edsger.dijkstra@example.org', '6011111111111117', 'FR', 'Wants invoices sent to billing4@mail.example.net.', TIMESTAMP '2023-05-05 13:28:00'),
  (5, 1, 'Barbara Liskov', 'barbara.liskov@mail.example.net', NULL, 'GB', 'Disputed a charge; SSN given by phone: 078-05-1120 (do not store!).', TIMESTAMP '2023-06-06 14:35:00'),
  (6, 2, 'Donald Knuth', 'donald.knuth@example.com', '4242424242424242', 'US', 'No notes.', TIMESTAMP '2023-07-07 15:42:00');

INSERT INTO products VALUES
  (1, 'Mechanical keyboard', 129.00),
  (2, 'USB-C dock', 89.50),
  (3, '27-inch monitor', 349.99),
  (4, 'Laptop stand', 39.90);

INSERT INTO orders VALUES
  (1, 1, 1, 2, 2, 179.00, 'pending', TIMESTAMP '2024-11-02 09:52:00'),
  (2, 2, 4, 3, 3, 1049.97, 'paid', TIMESTAMP '2024-01-17 11:02:00'),
  (3, 2, 2, 4, 1, 39.90, 'paid', TIMESTAMP '2024-04-03 16:27:00'),
  (4, 1, 3, 1, 1, 129.00, 'shipped', TIMESTAMP '2024-11-21 17:03:00'),
  (5, 1, 5, 3, 1, 349.99, 'pending', TIMESTAMP '2024-04-02 16:54:00'),
  (6, 2, 6, 2, 2, 179.00, 'delivered', TIMESTAMP '2024-09-04 17:19:00'),
  (7, 1, 1, 4, 3, 119.70, 'refunded', TIMESTAMP '2024-10-19 18:12:00');

INSERT INTO tickets VALUES
  (1, 1, 1, 'Late delivery', 'open', 'sam'),
  (2, 2, 2, 'Invoice address', 'open', NULL),
  (3, 1, 3, 'Card update', 'waiting', 'sam'),
  (4, 2, 4, 'Broken dock', 'open', 'kim');

INSERT INTO ticket_comments (ticket_id, tenant_id, author, body) VALUES
  (1, 1, 'sam', 'Carrier says Tuesday.'),
  (3, 1, 'sam', 'Asked the customer to re-enter the card in the portal.');

INSERT INTO staff VALUES
  (1, 'sam', 52000.00, '12 Elm Street'),
  (2, 'kim', 61000.00, '9 Oak Avenue');

INSERT INTO page_views VALUES
  (1, 1, '/pricing', TIMESTAMP '2024-12-01 08:00:00'),
  (2, 1, '/docs', TIMESTAMP '2024-12-01 08:05:00'),
  (3, 2, '/pricing', TIMESTAMP '2024-12-02 09:00:00'),
  (4, 2, '/signup', TIMESTAMP '2024-12-02 09:01:00'),
  (5, 1, '/pricing', TIMESTAMP '2024-12-03 10:30:00');
