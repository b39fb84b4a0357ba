// The demo store's browser script: cart (localStorage), region switcher
// (cookie), variant picker, checkout and sign-in. Tracking is the tracker's
// job: it reads the page's data-rr-* attributes; this script calls `window.rr`
// only for what has no attribute (`order`, `setContact`, and the store events
// `cart` and `addToWishlist`; `order` also sends `orderPlaced`).
(() => {
  const cartKey = 'rr-demo-cart';
  const accountKey = 'rr-demo-account';
  /** @type {any} */
  const rr = /** @type {any} */ (window).rr;
  const stockId = document.body.dataset.rrStockId;
  const $ = (/** @type {string} */ selector) => /** @type {HTMLElement | null} */ (document.querySelector(selector));
  const euro = (/** @type {number} */ n) => `€${n.toFixed(2)}`;

  /** @returns {{ productId: number, quantity: number }[]} */
  const readCart = () => {
    try {
      return JSON.parse(localStorage.getItem(cartKey) ?? '[]');
    } catch {
      return [];
    }
  };
  const writeCart = (/** @type {{ productId: number, quantity: number }[]} */ lines) => {
    localStorage.setItem(cartKey, JSON.stringify(lines.filter((l) => l.quantity > 0)));
    showCartCount();
  };
  const showCartCount = () => {
    const count = readCart().reduce((sum, line) => sum + line.quantity, 0);
    const badge = $('#cart-count');
    if (badge) badge.textContent = String(count);
  };

  let toastTimer = 0;
  const toast = (/** @type {string} */ message) => {
    const box = $('#toast');
    if (!box) return;
    box.textContent = message;
    box.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = window.setTimeout(() => box.classList.remove('show'), 2500);
  };

  /** @returns {Map<number, { id: number, name: string, picture: string, path: string, price: number, available: boolean }>} */
  const offers = () => {
    const data = $('#catalog-data');
    return new Map((data ? JSON.parse(data.textContent ?? '[]') : []).map((/** @type {any} */ o) => [o.id, o]));
  };

  // Region switcher: the server renders prices, availability and data-rr-stock-id for it.
  $('#stock-switcher')?.addEventListener('change', (event) => {
    const value = /** @type {HTMLSelectElement} */ (event.target).value;
    document.cookie = `rr-demo-stock=${encodeURIComponent(value)};path=/;max-age=31536000;SameSite=Lax`;
    location.reload();
  });

  // Add to basket: every button carries data-rr-add-to-basket="<productId>".
  document.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest?.('[data-rr-add-to-basket]');
    if (!(button instanceof HTMLElement) || button.hasAttribute('disabled')) return;
    const productId = Number(button.dataset.rrAddToBasket);
    const lines = readCart();
    const line = lines.find((l) => l.productId === productId);
    if (line) line.quantity += 1;
    else lines.push({ productId, quantity: 1 });
    writeCart(lines);
    const name = button.closest('article')?.querySelector('h3')?.textContent ?? $('h1')?.textContent ?? 'Product';
    toast(`${name.trim()} added to your cart`);
  });

  // Variant picker: the button adds the chosen variant.
  document.querySelectorAll('input[name="variant"]').forEach((input) =>
    input.addEventListener('change', () => {
      const radio = /** @type {HTMLInputElement} */ (input);
      const button = $('#add-to-basket');
      if (button) button.dataset.rrAddToBasket = radio.value;
      const price = $('#variant-price');
      if (price) price.textContent = radio.dataset.price ?? '';
      const picture = /** @type {HTMLImageElement | null} */ ($('#variant-picture'));
      if (picture && radio.dataset.picture) picture.src = radio.dataset.picture;
    }),
  );

  /** Renders the cart's lines into a container; returns the lines with prices. */
  const renderLines = (/** @type {HTMLElement} */ container, /** @type {boolean} */ editable) => {
    const catalog = offers();
    const lines = readCart()
      .map((line) => ({ ...line, offer: catalog.get(line.productId) }))
      .filter((line) => line.offer);
    container.replaceChildren();
    if (!lines.length) {
      container.innerHTML = '<p class="empty">Your cart is empty. <a href="/">Find something for the trail</a>.</p>';
    }
    for (const line of lines) {
      const offer = /** @type {NonNullable<typeof line.offer>} */ (line.offer);
      const row = document.createElement('div');
      row.className = 'line';
      row.dataset.productId = String(offer.id);
      row.innerHTML = `<img src="${offer.picture}" alt="" width="96" height="72"><a href="${offer.path}"></a>
        <span class="qty">${editable ? '<button type="button" class="step" data-step="-1" aria-label="One less">−</button>' : ''}<span class="quantity">${line.quantity}</span>${editable ? '<button type="button" class="step" data-step="1" aria-label="One more">+</button>' : ''}</span>
        <span class="line-price">${euro(offer.price * line.quantity)}</span>`;
      /** @type {HTMLElement} */ (row.querySelector('a')).textContent = offer.name;
      container.append(row);
    }
    return lines.map((line) => ({ productId: line.productId, quantity: line.quantity, price: /** @type {any} */ (line.offer).price }));
  };
  const total = (/** @type {{ price: number, quantity: number }[]} */ lines) => lines.reduce((sum, l) => sum + l.price * l.quantity, 0);

  // Wishlist: a store event (eSputnik's AddToWishlist); Retail Rocket has none.
  $('#add-to-wishlist')?.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.currentTarget);
    const { productId, price, inStock } = button.dataset;
    if (typeof rr?.addToWishlist === 'function') rr.addToWishlist({ productId: Number(productId), price: Number(price), currency: 'EUR', isInStock: inStock === '1' });
    toast(`${($('h1')?.textContent ?? 'Product').trim()} is on your wishlist`);
  });

  const cartLines = $('#cart-lines');
  if (cartLines) {
    const refresh = () => {
      const lines = renderLines(cartLines, true);
      // The whole cart with prices, as the cart page shows it (eSputnik's StatusCart); the tracker adds its cart id.
      if (typeof rr?.cart === 'function') rr.cart({ items: lines, currency: 'EUR' });
      /** @type {HTMLElement} */ ($('#cart-total')).textContent = euro(total(lines));
      $('#to-checkout')?.classList.toggle('disabled', !lines.length);
    };
    cartLines.addEventListener('click', (event) => {
      const step = /** @type {HTMLElement} */ (event.target).closest('[data-step]');
      if (!(step instanceof HTMLElement)) return;
      const productId = Number(/** @type {HTMLElement} */ (step.closest('.line')).dataset.productId);
      const lines = readCart();
      const line = lines.find((l) => l.productId === productId);
      if (line) line.quantity += Number(step.dataset.step);
      writeCart(lines);
      refresh();
    });
    refresh();
  }

  const checkoutLines = $('#checkout-lines');
  const checkoutForm = /** @type {HTMLFormElement | null} */ ($('#checkout-form'));
  if (checkoutLines && checkoutForm) {
    const lines = renderLines(checkoutLines, false);
    /** @type {HTMLElement} */ ($('#checkout-total')).textContent = euro(total(lines));
    const account = JSON.parse(localStorage.getItem(accountKey) ?? 'null');
    if (account) /** @type {HTMLInputElement} */ (checkoutForm.elements.namedItem('email')).value = account.email;
    checkoutForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!lines.length) return toast('Your cart is empty');
      const transaction = `RO${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase()}`;
      // One order of several lines; the tracker sends one Retail Rocket `order` per line.
      if (typeof rr?.order === 'function') rr.order({ transaction, items: lines.map((line) => ({ ...line, stockId })) });
      localStorage.removeItem(cartKey);
      showCartCount();
      checkoutForm.closest('.checkout-layout')?.setAttribute('hidden', '');
      /** @type {HTMLElement} */ ($('#order-transaction')).textContent = transaction;
      /** @type {HTMLElement} */ ($('#order-confirmation')).hidden = false;
    });
  }

  // Sign-in: the store's customer id (letters and digits) goes to Retail Rocket with setContact.
  const customerId = (/** @type {string} */ email) => {
    let h = 2166136261;
    for (const char of email.toLowerCase()) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
    return `C${(h >>> 0).toString(36).toUpperCase()}`;
  };
  const showAccount = () => {
    const account = JSON.parse(localStorage.getItem(accountKey) ?? 'null');
    const link = $('#account-link');
    if (link) link.textContent = account ? `Hi, ${account.email.split('@')[0]}` : 'Sign in';
    const signedIn = $('#signed-in');
    const form = $('#sign-in-form');
    if (signedIn && form) {
      signedIn.hidden = !account;
      form.hidden = Boolean(account);
      if (account) {
        /** @type {HTMLElement} */ ($('#signed-in-email')).textContent = account.email;
        /** @type {HTMLElement} */ ($('#signed-in-id')).textContent = account.customerId;
      }
    }
  };
  $('#sign-in-form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.target);
    const email = /** @type {HTMLInputElement} */ (form.elements.namedItem('email')).value.trim();
    const account = { email, customerId: customerId(email) };
    localStorage.setItem(accountKey, JSON.stringify(account));
    if (typeof rr?.setContact === 'function') rr.setContact({ contactExternalId: account.customerId, email, stockId });
    showAccount();
  });
  $('#sign-out')?.addEventListener('click', () => {
    localStorage.removeItem(accountKey);
    showAccount();
  });

  showCartCount();
  showAccount();
})();
